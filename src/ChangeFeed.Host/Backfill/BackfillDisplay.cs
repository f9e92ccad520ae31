using ChangeFeed.Backfill;
using ChangeFeed.CommandLine;
using Spectre.Console;

namespace ChangeFeed.Host.Backfill;

/// <summary>
/// How a running backfill shows itself on standard error, so that standard output holds only the result (the summary,
/// or the JSON document): a live progress bar when standard error is a terminal (Spectre.Console), a plain line every
/// <see cref="LineInterval"/> when it is redirected (a log, a pipe), so that what a script greps does not depend on
/// escape codes. Either way the first line says which run this is.
/// </summary>
internal abstract class BackfillDisplay
{
    /// <summary>How often a redirected output gets a progress line (and once after the first page).</summary>
    public static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);

    /// <param name="resultIsJson">With <c>--output json</c> progress is plain lines even on a terminal: a script reads the result, a log keeps the lines.</param>
    public static BackfillDisplay For(CommandConsole console, TimeProvider timeProvider, bool resultIsJson = false)
    {
        ArgumentNullException.ThrowIfNull(console);
        return !resultIsJson && console.ErrorStyle.IsTerminal ? new Bar(console.Error) : new Lines(console.Error, timeProvider);
    }

    /// <summary>Runs <paramref name="work"/>, showing the statuses it reports.</summary>
    public abstract Task<T> ShowAsync<T>(BackfillRequest request, Func<IProgress<BackfillStatus>, Task<T>> work);

    /// <summary>Calls back on the reporting thread (<see cref="Progress{T}"/> would post, and lines could come out of order).</summary>
    private sealed class Reporter(Action<BackfillStatus> report) : IProgress<BackfillStatus>
    {
        public void Report(BackfillStatus value) => report(value);
    }

    private sealed class Lines(TextWriter output, TimeProvider timeProvider) : BackfillDisplay
    {
        public override Task<T> ShowAsync<T>(BackfillRequest request, Func<IProgress<BackfillStatus>, Task<T>> work)
        {
            long? lastLine = null;
            var started = false;
            return work(new Reporter(status =>
            {
                if (!started)
                {
                    started = true;
                    output.WriteLine(BackfillText.Start(request, status));
                    return;
                }

                var now = timeProvider.GetTimestamp();
                if (lastLine is { } last && timeProvider.GetElapsedTime(last, now) < LineInterval)
                    return;
                lastLine = now;
                output.WriteLine("progress  " + BackfillText.Progress(status, request.DryRun));
            }));
        }
    }

    private sealed class Bar(TextWriter output) : BackfillDisplay
    {
        public override async Task<T> ShowAsync<T>(BackfillRequest request, Func<IProgress<BackfillStatus>, Task<T>> work)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = AnsiSupport.Yes,
                Interactive = InteractionSupport.Yes,
                ColorSystem = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            });
            var progress = console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn());
            return await progress.StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(request.Route.Name + " → " + request.Subscription), autoStart: true, maxValue: 1);
                var started = false;
                var result = await work(new Reporter(status =>
                {
                    if (!started)
                    {
                        started = true;
                        console.MarkupLine(Markup.Escape(BackfillText.Start(request, status)));
                    }

                    var read = status.Progress.DocumentsRead;
                    task.IsIndeterminate = status.EstimatedDocuments is null;
                    task.MaxValue = Math.Max(1, Math.Max(status.EstimatedDocuments ?? 0, read));
                    task.Value = read;
                    task.Description = Markup.Escape(BackfillText.Bar(status, request.DryRun));
                }));
                task.Value = task.MaxValue; // caught up: whatever the estimate said
                task.StopTask();
                return result;
            });
        }
    }
}
