using System.CommandLine;
using System.Globalization;
using ChangeFeed.Cosmos.Parking;
using ChangeFeed.Host.Configuration;
using ChangeFeed.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Host.Commands;

/// <summary>
/// <c>parked list &lt;route&gt;</c> and <c>parked replay &lt;route&gt;</c>: what an operator runs once the cause of
/// parked changes is fixed. Reads the host's settings (environment, appsettings.json) and builds only the relay, its
/// clients and the parking lot: no change feed processor runs and no lease is touched. The result goes to standard
/// output, logs and errors to standard error. Exit codes: 0 done, 1 failed or wrong input, 3 a replay left changes parked.
/// </summary>
public static class ParkedChangesCommand
{
    public const string Name = "parked";

    /// <summary>A replay that left changes parked (they were parked again, or their document was not kept).</summary>
    public const int StillParkedExitCode = 3;

    public static bool Handles(IReadOnlyList<string> args) => args is [Name, ..];

    /// <param name="configure">Runs after the defaults, before the settings are checked (tests add settings and clients here).</param>
    public static Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, Action<HostApplicationBuilder>? configure, CancellationToken cancellationToken)
    {
        var settings = new Option<string?>("--settings")
        {
            Description = "A Functions local.settings.json whose Values to use (they win over environment variables), e.g. src/ChangeFeed.Functions/local.settings.json as azd up writes it.",
            Recursive = true,
        };
        var root = new RootCommand("The relay on the Cosmos DB change feed processor (run without arguments to start it).")
        {
            new Command(Name, "Parked changes: changes the relay could not publish, kept with the reason in the parking container.")
            {
                settings,
                Verb("list", "Lists the route's parked changes with their reasons, by change feed position (the order a replay takes).", ListAsync, settings, configure),
                Verb("replay", "Sends the route's parked changes through the relay again and deletes the records of those now published; changes still poison stay parked with their new reason.", ReplayAsync, settings, configure),
            },
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static Command Verb(
        string name, string description, Func<ParkedChangeReplayer, string, TextWriter, CancellationToken, Task<int>> action,
        Option<string?> settings, Action<HostApplicationBuilder>? configure)
    {
        var route = new Argument<string>("route") { Description = "The route's name, as configured under ChangeFeed:Routes." };
        var command = new Command(name, description) { route };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetRequiredValue(route), parse.GetValue(settings), parse.InvocationConfiguration, configure, action, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string route, string? settingsFile, InvocationConfiguration console, Action<HostApplicationBuilder>? configure,
        Func<ParkedChangeReplayer, string, TextWriter, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        if (settingsFile is not null)
        {
            try
            {
                builder.Configuration.AddInMemoryCollection(LocalSettingsFile.Read(settingsFile));
            }
            catch (InvalidDataException invalid)
            {
                return Fail(console.Error, [invalid.Message]);
            }
        }

        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Azure", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None); // start failures are written below, without a stack trace
        builder.Services.AddChangeFeedRelay(builder.Configuration, "changefeed-host");
        configure?.Invoke(builder);

        var missing = RequiredSettingsValidator.RelayErrors(builder.Configuration);
        if (missing.Count > 0)
            return Fail(console.Error, missing);

        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken); // validates the route configuration and the parking lot's settings
        }
        catch (OptionsValidationException invalid)
        {
            return Fail(console.Error, invalid.Failures);
        }

        try
        {
            try
            {
                host.Services.GetRequiredService<RouteCatalog>().Get(route);
            }
            catch (InvalidOperationException unknown)
            {
                return Fail(console.Error, [unknown.Message]);
            }

            return await action(host.Services.GetRequiredService<ParkedChangeReplayer>(), route, console.Output, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Nothing is lost: a record is deleted only after its change was published.
            return Fail(console.Error, [$"Route '{route}': {exception.Message.TrimEnd('.')}. A parked record is deleted only once its change was published."]);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
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

        return 0;
    }

    private static async Task<int> ReplayAsync(ParkedChangeReplayer replayer, string route, TextWriter output, CancellationToken cancellationToken)
    {
        var result = await replayer.ReplayAsync(route, cancellationToken);
        await output.WriteLineAsync(
            $"Route '{route}': {result.Records} parked change{(result.Records == 1 ? "" : "s")}, {result.Published} published (records deleted), {result.StillParked} still parked.");
        if (result.StillParked == 0)
            return 0;

        await output.WriteLineAsync($"See why with: parked list {route}");
        return StillParkedExitCode;
    }

    private static int Fail(TextWriter error, IEnumerable<string> messages)
    {
        foreach (var message in messages)
            error.WriteLine(message);
        return 1;
    }
}
