using System.CommandLine;
using System.Globalization;
using ChangeFeed.CommandLine;
using ChangeFeed.Cosmos.Parking;
using ChangeFeed.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeFeed.Host.Commands;

/// <summary>
/// <c>parked list &lt;route&gt;</c> and <c>parked replay &lt;route&gt;</c>: what an operator runs once the cause of
/// parked changes is fixed. Builds only the relay, its clients and the parking lot: no change feed processor runs and
/// no lease is touched. The result goes to standard output, logs and errors to standard error; exit codes as
/// <see cref="ExitCodes"/> says (<see cref="ExitCodes.StillParked"/> when a replay left changes parked).
/// </summary>
public static class ParkedChangesCommand
{
    public const string Name = "parked";

    public static Command Create(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = OutputFormat.Create();
        var list = Verb(context, "list",
            "Lists the route's parked changes with their reasons, by change feed position (the order a replay takes).",
            parse => parse.GetValue(output) == OutputFormat.Json ? ListJsonAsync : ListAsync);
        list.Options.Add(output);
        Examples.Add(list, "parked list orders --settings src/ChangeFeed.Functions/local.settings.json", "parked list orders --output json | jq '.changes[].reason'");
        var replay = Verb(context, "replay",
            "Sends the route's parked changes through the relay again and deletes the records of those now published; changes still poison stay parked with their new reason.",
            _ => ReplayAsync);
        Examples.Add(replay, "parked replay orders --settings src/ChangeFeed.Functions/local.settings.json");
        return Examples.Add(
            new Command(Name, "Parked changes: changes the relay could not publish, kept with the reason in the parking container.") { list, replay },
            "parked list orders", "parked replay orders");
    }

    private static Command Verb(
        CommandContext context, string name, string description, Func<ParseResult, Func<ParkedChangeReplayer, string, TextWriter, CancellationToken, Task<int>>> action)
    {
        var route = new Argument<string>("route") { Description = "The route's name, as configured under ChangeFeed:Routes." };
        var command = new Command(name, description) { route };
        command.SetAction((parse, cancellationToken) => context.RunInHostAsync(
            parse,
            builder => builder.Services.AddChangeFeedRelay(builder.Configuration, "changefeed-host"),
            (services, stopping) => RunAsync(services, parse.GetRequiredValue(route), context.Console, action(parse), stopping),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        IServiceProvider services, string route, CommandConsole console,
        Func<ParkedChangeReplayer, string, TextWriter, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            services.GetRequiredService<RouteCatalog>().Get(route);
        }
        catch (InvalidOperationException unknown)
        {
            await console.Error.WriteLineAsync(unknown.Message + RouteNames.DidYouMean(route, services));
            return ExitCodes.Usage;
        }

        try
        {
            return await action(services.GetRequiredService<ParkedChangeReplayer>(), route, console.Output, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Nothing is lost: a record is deleted only after its change was published.
            foreach (var line in await FailureLine.DescribeAsync(exception, services.GetRequiredService<IConfiguration>(), CancellationToken.None))
                await console.Error.WriteLineAsync($"Route '{route}': {line.TrimEnd('.')}.");
            await console.Error.WriteLineAsync("A parked record is deleted only once its change was published; run 'check' to see what the relay cannot reach.");
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> ListAsync(ParkedChangeReplayer replayer, string route, TextWriter output, CancellationToken cancellationToken)
    {
        var parked = await replayer.ListAsync(route, cancellationToken);
        await output.WriteLineAsync($"Route '{route}': {parked.Count} parked change{(parked.Count == 1 ? "" : "s")}, by change feed position.");
        foreach (var change in parked)
        {
            var lsn = change.Lsn?.ToString(CultureInfo.InvariantCulture) ?? "-";
            var kept = change.DocumentKept ? "" : "  (document not kept: a replay leaves it parked)";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{change.DocumentId ?? "(no id)"}  lsn {lsn}  parked {change.ParkedAt:u}  record {change.Id}{kept}"));
            await output.WriteLineAsync($"    {change.Reason}");
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> ListJsonAsync(ParkedChangeReplayer replayer, string route, TextWriter output, CancellationToken cancellationToken)
    {
        var parked = await replayer.ListAsync(route, cancellationToken);
        await OutputFormat.WriteAsync(output, new ParkedListDocument(route, parked.Count, [.. parked.Select(change =>
            new ParkedChangeEntry(change.Id, change.DocumentId, change.Lsn, change.EventId, change.ParkedAt, change.DocumentKept, change.Reason))]));
        return ExitCodes.Ok;
    }

    private static async Task<int> ReplayAsync(ParkedChangeReplayer replayer, string route, TextWriter output, CancellationToken cancellationToken)
    {
        var result = await replayer.ReplayAsync(route, cancellationToken);
        await output.WriteLineAsync(
            $"Route '{route}': {result.Records} parked change{(result.Records == 1 ? "" : "s")}, {result.Published} published (records deleted), {result.StillParked} still parked.");
        if (result.StillParked == 0)
            return ExitCodes.Ok;

        await output.WriteLineAsync($"See why with: parked list {route}");
        return ExitCodes.StillParked;
    }
}

/// <summary><c>parked list --output json</c>: the route, how many changes are parked, and each by change feed position.</summary>
public sealed record ParkedListDocument(string Route, int Count, IReadOnlyList<ParkedChangeEntry> Changes);

/// <summary>One parked change: its record's id, the document's id and position, the id its event would have had, when it was parked, whether its document was kept (a replay needs it), and why.</summary>
public sealed record ParkedChangeEntry(string Record, string? DocumentId, long? Lsn, string? EventId, DateTimeOffset ParkedAt, bool DocumentKept, string Reason);
