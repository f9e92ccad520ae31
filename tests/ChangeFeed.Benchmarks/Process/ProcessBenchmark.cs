using ChangeFeed.StandIns.Cosmos;
using ChangeFeed.StandIns.ServiceBus;

namespace ChangeFeed.Benchmarks.Process;

/// <summary>
/// CPU per change of the processor host as a process (issue 27): a Release <c>ChangeFeed.Host</c> against the Cosmos DB
/// and Service Bus stand-ins, per GC variant and mode one host process, warmed up, then each scenario measured
/// <c>Runs</c> times; plus the Functions worker's cost in process. docs/benchmarks.md says what each column means.
/// </summary>
public static class ProcessBenchmark
{
    public static async Task<int> MainAsync(IReadOnlyList<string> args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine(ProcessBenchmarkOptions.Usage);
            return 0;
        }

        // Ctrl+C cancels the run, so that the host it started is thawed and stopped rather than left frozen.
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var report = await RunAsync(ProcessBenchmarkOptions.Parse(args), Console.Out, stop.Token);
        Console.WriteLine();
        Console.WriteLine(report.ToMarkdown());
        return report.Rows.All(r => r.EveryChangeDelivered) ? 0 : 1;
    }

    public static async Task<ProcessReport> RunAsync(ProcessBenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        await using var cosmos = await CosmosStandIn.StartAsync(cancellationToken);
        await using var serviceBus = await ServiceBusStandIn.StartAsync();
        var rows = new List<ScenarioRow>();
        var idle = new List<IdleRow>();
        var documentBytes = 0;
        foreach (var gc in options.GcVariants)
        {
            foreach (var mode in options.Modes)
            {
                log.WriteLine($"{gc.Name} ({gc.Describe()}), {ProcessBenchmarkOptions.NameOf(mode)}: starting the host");
                await using var session = await HostSession.StartAsync(cosmos, serviceBus, options, mode, gc, log, cancellationToken);
                documentBytes = session.DocumentBytes;
                var measured = options.Scenarios.Where(s => s != Scenario.Idle).ToList();
                var runs = measured.ToDictionary(s => s, _ => new List<RunFigures>());
                var idleRuns = new List<IdleFigures>();
                for (var run = 1; run <= options.Runs; run++)
                {
                    if (options.Scenarios.Contains(Scenario.Idle))
                    {
                        idleRuns.Add(await session.IdleAsync(cancellationToken));
                        log.WriteLine($"  run {run} idle: {idleRuns[^1]}");
                    }

                    foreach (var scenario in measured)
                    {
                        var window = scenario == Scenario.Backlog
                            ? await session.BacklogAsync(options.Measured, cancellationToken)
                            : await session.LiveAsync(options.Measured, cancellationToken);
                        var figures = RunFigures.From(window);
                        runs[scenario].Add(figures);
                        log.WriteLine($"  run {run} {scenario}: {figures}{(window.Writes is { } w ? $", writes {window.Changes / w.TotalSeconds:F0}/s" : "")}");
                    }
                }

                rows.AddRange(measured.Select(s => new ScenarioRow(gc.Name, ProcessBenchmarkOptions.NameOf(mode), s.ToString().ToLowerInvariant(), runs[s])));
                if (idleRuns.Count > 0)
                    idle.Add(new IdleRow(gc.Name, ProcessBenchmarkOptions.NameOf(mode), idleRuns));
            }
        }

        if (options.Functions)
        {
            log.WriteLine("functions worker: RelayFunctions in process, 100-document payloads");
            rows.Add(await FunctionsWorkerBenchmark.RunAsync(options, cosmos, serviceBus, log, cancellationToken));
        }

        return new ProcessReport(options, rows, idle, documentBytes);
    }
}
