using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Backfill;
using ChangeFeed.CommandLine;
using ChangeFeed.Cosmos.Backfill;
using ChangeFeed.Host.Backfill;
using ChangeFeed.Hosting;
using ChangeFeed.Routing;
using ChangeFeed.ServiceBus;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeFeed.Host.Commands;

/// <summary>
/// <c>backfill &lt;route&gt; --subscription NAME [--from-beginning | --from TIME]</c>: re-publishes a route's documents
/// (change data capture: every document's current state; outbox and event store: the records and events appended since
/// the start) to one subscription of its topic, which alone receives them. Resumable (its progress is kept in the
/// lease container after every page), throttled on request, with a live progress bar or plain progress lines and a
/// summary. Exit codes as <see cref="ExitCodes"/>: <see cref="ExitCodes.StillParked"/> when changes that cannot be
/// published were left out.
/// </summary>
public static partial class BackfillCommand
{
    public const string Name = "backfill";

    public static Command Create(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = new Argument<string>("route") { Description = "The route's name, as configured under ChangeFeed:Routes: its container is read, its topic receives." };
        var subscription = new Option<string>("--subscription")
        {
            Description = "The subscription of the route's topic that receives the backfill (its rules must let through changefeed_delivery=backfill with To=NAME; see docs/backfill.md). No other subscription receives it.",
            HelpName = "NAME",
            Required = true,
        };
        var fromBeginning = new Option<bool>("--from-beginning") { Description = "Read the change feed from the beginning: every document's current state, every record or event still stored (the default)." };
        var from = new Option<DateTimeOffset?>("--from")
        {
            Description = "Read what changed (records and events appended) since this time, ISO 8601, e.g. 2026-11-01T00:00:00Z (UTC unless an offset is given).",
            HelpName = "TIME",
            CustomParser = ParseTime,
        };
        var pageSize = new Option<int>("--page-size")
        {
            Description = "Changes per page: read, sent and recorded together (1-10000). A resumed run sends at most one page again.",
            DefaultValueFactory = _ => 100,
            HelpName = "N",
            CustomParser = result => OptionValues.WholeNumber(result, 1, 10_000, "100"),
        };
        var pagesPerSecond = new Option<double?>("--pages-per-second")
        {
            Description = "Read at most this many pages per second.", HelpName = "N", CustomParser = result => OptionValues.PositiveNumber(result, "10"),
        };
        var requestUnits = new Option<double?>("--ru-per-second")
        {
            Description = "Spend at most this many request units per second reading (a budget that leaves the live relay its share).",
            HelpName = "RU",
            CustomParser = result => OptionValues.PositiveNumber(result, "500"),
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read and route everything from the start asked for, send nothing, keep no progress: count what would be sent." };
        var restart = new Option<bool>("--restart") { Description = "Start a new run even when an unfinished one is kept for this route and subscription (its events get new ids)." };
        var output = OutputFormat.Create();
        var command = new Command(Name,
            "Re-publishes a route's documents to one subscription of its topic (a new subscriber's catch-up, or a read model's rebuild); no other subscription receives them. "
            + "Resumable: run the same command again after a stop. Exit code 3 when changes that cannot be published were left out.")
        {
            route, subscription, fromBeginning, from, pageSize, pagesPerSecond, requestUnits, dryRun, restart, output,
        };
        Examples.Add(command,
            "backfill orders --subscription billing --dry-run                     # count what would be sent, send nothing",
            "backfill orders --subscription billing --from 2026-11-01T00:00:00Z --ru-per-second 500",
            "backfill orders --subscription billing --dry-run --output json | jq .eventTypes");
        command.Validators.Add(result =>
        {
            if (result.GetValue(fromBeginning) && result.GetResult(from) is not null)
                result.AddError("--from-beginning and --from cannot be used together: give one start.");
        });
        subscription.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } name && !SubscriptionName().IsMatch(name))
                result.AddError($"--subscription '{name}' is not a Service Bus subscription name: letters, digits, '.', '-' and '_', starting and ending with a letter or digit, at most 50 characters, e.g. billing.");
        });
        command.SetAction((parse, cancellationToken) => context.RunInHostAsync(
            parse,
            builder =>
            {
                builder.AddProcessorHostSettings();
                builder.Services.AddCosmosBackfill(provider =>
                {
                    var configuration = provider.GetRequiredService<IConfiguration>();
                    return provider.GetRequiredService<CosmosClient>().GetContainer(configuration[RelaySettings.CosmosDatabase], configuration[RelaySettings.LeasesContainer]);
                });
            },
            (services, stopping) => RunAsync(
                services,
                context.Console,
                parse.GetRequiredValue(route),
                request: routeOf => new BackfillRequest(
                    routeOf, parse.GetRequiredValue(subscription), parse.GetValue(from), parse.GetValue(pageSize), parse.GetValue(dryRun), parse.GetValue(restart)),
                pace: time => new BackfillPace(parse.GetValue(pagesPerSecond), parse.GetValue(requestUnits), time),
                parse.GetValue(output) == OutputFormat.Json,
                stopping),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        IServiceProvider services, CommandConsole console, string routeName, Func<Route, BackfillRequest> request, Func<TimeProvider, BackfillPace> pace, bool json,
        CancellationToken cancellationToken)
    {
        Route route;
        try
        {
            route = services.GetRequiredService<RouteCatalog>().Get(routeName);
        }
        catch (InvalidOperationException unknown)
        {
            await console.Error.WriteLineAsync(unknown.Message + RouteNames.DidYouMean(routeName, services));
            return ExitCodes.Usage;
        }

        var asked = request(route);
        var time = services.GetRequiredService<TimeProvider>();
        var store = services.GetRequiredService<CosmosBackfillProgressStore>();
        BackfillStatus? last = null;
        try
        {
            var outcome = await BackfillDisplay.For(console, time, json).ShowAsync(asked, progress => services.GetRequiredService<Backfiller>().RunAsync(
                asked, pace(time), new Tracked(progress, status => last = status), cancellationToken));
            if (json)
            {
                await OutputFormat.WriteAsync(console.Output, BackfillDocument.Of(asked, outcome));
            }
            else
            {
                foreach (var line in BackfillText.Summary(asked, outcome, store.Describe(route.Name, asked.Subscription)))
                    await console.Output.WriteLineAsync(line);
            }

            return outcome.Progress.Skipped > 0 ? ExitCodes.StillParked : ExitCodes.Ok;
        }
        catch (UnfinishedBackfillException unfinished)
        {
            await console.Error.WriteLineAsync(unfinished.Message);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync(BackfillText.Stopped(asked, last, "asked to stop (Ctrl+C or SIGTERM)"));
            return ExitCodes.Failed;
        }
        catch (Exception exception) when (exception is BackfillConflictException or CosmosException or ServiceBusException or PublishFailedException
            or RequestFailedException or AuthenticationFailedException or UnauthorizedAccessException || FailureLine.IsConnectionProblem(exception))
        {
            var reason = exception is BackfillConflictException
                ? exception.Message.TrimEnd('.')
                : string.Join(" ", await FailureLine.DescribeAsync(exception, services.GetRequiredService<IConfiguration>(), CancellationToken.None)).TrimEnd('.');
            await console.Error.WriteLineAsync(BackfillText.Stopped(asked, last, reason));
            return ExitCodes.Failed;
        }
    }

    private static DateTimeOffset? ParseTime(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        result.AddError($"--from '{text}' is not a time: expected ISO 8601, e.g. 2026-11-01T00:00:00Z.");
        return null;
    }

    // Service Bus subscription names: 1-50 characters, letters, digits, '.', '-', '_', starting and ending with a letter or digit.
    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9._-]{0,48}[A-Za-z0-9])?$")]
    private static partial Regex SubscriptionName();

    /// <summary>Shows each status and remembers the last, for what a stopped run says.</summary>
    private sealed class Tracked(IProgress<BackfillStatus> inner, Action<BackfillStatus> remember) : IProgress<BackfillStatus>
    {
        public void Report(BackfillStatus value)
        {
            remember(value);
            inner.Report(value);
        }
    }
}
