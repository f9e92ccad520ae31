using System.CommandLine;
using ChangeFeed.CommandLine;
using ChangeFeed.Contract;
using ChangeFeed.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeFeed.Host.Commands;

/// <summary>
/// <c>contract</c>: writes the event contract of the configured routes, an AsyncAPI 3.0 document (JSON), to standard
/// output or <c>--output FILE</c>. Reads only the <c>ChangeFeed</c> section (routes and their data schema files) and
/// contacts nothing. The document for local.settings.sample.json is docs/contract/asyncapi.json.
/// </summary>
public static class ContractCommand
{
    public const string Name = "contract";

    public static Command Create(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<FileInfo?>("--output")
        {
            Description = "Where to write the document (replaced if it exists); standard output without it.",
            HelpName = "FILE",
        };
        var command = new Command(Name,
            "Writes the event contract of the configured routes: an AsyncAPI 3.0 document (JSON) with a channel per topic and its subscription rules, "
            + "an operation per route, a message per event type, and the routes' data schemas. Contacts nothing.")
        {
            output,
        };
        command.SetAction((parse, cancellationToken) => WriteAsync(context, parse, parse.GetValue(output), cancellationToken));
        return command;
    }

    private static async Task<int> WriteAsync(CommandContext context, ParseResult parse, FileInfo? output, CancellationToken cancellationToken)
    {
        using var host = context.BuildHost(parse, builder => builder.Services.AddChangeFeed(builder.Configuration), logsToStandardError: true);
        if (host is null)
            return ExitCodes.Configuration;

        var document = AsyncApiContract.Write(host.Services.GetRequiredService<RouteCatalog>().All);
        if (output is null)
        {
            await context.Console.Output.WriteAsync(document.AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        }

        try
        {
            await File.WriteAllTextAsync(output.FullName, document, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await context.Console.Error.WriteLineAsync($"Could not write the contract to '{output.FullName}': {exception.Message}");
            return ExitCodes.Failed;
        }

        await context.Console.Error.WriteLineAsync($"Wrote the event contract (AsyncAPI {AsyncApiContract.AsyncApiVersion}, version {ContractVersion.Current}) to {output.FullName}.");
        return ExitCodes.Ok;
    }
}
