using System.CommandLine;
using ChangeFeed.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ChangeFeed.Host.Commands;

/// <summary>
/// What every command of the processor host shares: the <c>--settings</c> option, where output goes, and how a
/// command's host is built from the settings (environment, <c>appsettings.json</c>, the <c>--settings</c> file) and
/// refused with the configuration checklist when they are incomplete. A new command takes one of these and uses
/// <see cref="BuildHost"/>, so that its settings, output and exit codes are those of the others.
/// </summary>
public sealed class CommandContext(CommandConsole console, Action<HostApplicationBuilder>? configure)
{
    /// <summary>Who the configuration checklist says cannot start.</summary>
    public const string Program = "The processor host";

    /// <summary>Where the processor host's settings come from, as the checklist says it.</summary>
    public const string Sources =
        "appsettings.json in the working directory, the Values of the file given with --settings (a Functions local.settings.json), "
        + "and environment variables, which win over both (as with func start)";

    /// <summary>The category of the generic host's own log, whose "Hosting failed to start" and stack would come before the command's one line.</summary>
    private const string HostLog = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary><c>--settings FILE</c>, on every command.</summary>
    public Option<string?> Settings { get; } = new("--settings")
    {
        Description = "A Functions local.settings.json whose Values to use (environment variables win over them, as with func start), "
            + "e.g. src/ChangeFeed.Functions/local.settings.json as azd up writes it, or local.settings.sample.json for the emulators.",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>, on every command: a failure's full details (exception, stack) after its one line, and logs from Debug.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "After a failure's one-line description, print its full details (the exception and its stack), and log from Debug.",
        Recursive = true,
    };

    public CommandConsole Console { get; } = console;

    /// <summary>Set once the host started: from then on the generic host's own errors are logged (a failed background service).</summary>
    private bool hostStarted;

    /// <summary>
    /// Builds the host a command runs in: the settings, what <paramref name="register"/> adds, then every setting
    /// validated at once. Null when the settings are missing or invalid: the checklist is on standard error and the
    /// command exits with <see cref="ExitCodes.Configuration"/>.
    /// </summary>
    /// <param name="logsToStandardError">True for commands whose standard output is their result (logs at Warning and above, on standard error); false for <c>run</c>, which logs as a service does.</param>
    public IHost? BuildHost(ParseResult parse, Action<HostApplicationBuilder> register, bool logsToStandardError)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(register);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        if (parse.GetValue(Settings) is { } file)
        {
            try
            {
                builder.Configuration.AddInMemoryCollection(LocalSettingsFile.Read(file));
            }
            catch (InvalidDataException invalid)
            {
                WriteChecklist([invalid.Message]);
                return null;
            }

            // As func start: a Values entry is used only where the environment does not set the same name.
            builder.Configuration.AddEnvironmentVariables();
        }

        var verbose = parse.GetValue(Verbose);
        builder.Logging.AddFilter(HostLog, level => level >= (verbose ? LogLevel.Debug : LogLevel.Warning) && (verbose || hostStarted));
        if (verbose)
            builder.Logging.SetMinimumLevel(LogLevel.Debug);

        if (logsToStandardError)
        {
            builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
            builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
            if (!verbose)
                builder.Logging.AddFilter("Azure", LogLevel.None); // the SDKs log each refusal with its stack; the command says what failed
        }

        register(builder);
        configure?.Invoke(builder);
        var host = builder.Build();
        var failures = ConfigurationChecklist.Validate(host.Services);
        if (failures.Count == 0)
            return host;

        host.Dispose();
        WriteChecklist(failures);
        return null;
    }

    /// <summary>
    /// Builds the host, starts it (no processor runs unless <paramref name="register"/> adds one), runs
    /// <paramref name="work"/> until it returns or the process is asked to stop, then stops the host.
    /// </summary>
    public async Task<int> RunInHostAsync(
        ParseResult parse, Action<HostApplicationBuilder> register, Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var host = BuildHost(parse, register, logsToStandardError: true);
        if (host is null)
            return ExitCodes.Configuration;

        // Ctrl+C or SIGTERM stops the host's lifetime; the command's work sees it as cancellation, and is abandoned
        // if it does not end within StopSignal.Grace (a client waiting on a service that never answers).
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        var running = RunWorkAsync(host, work, stopping.Token);
        if (!await StopSignal.FinishesAsync(running, StopSignal.Grace, stopping.Token))
        {
            await Console.Error.WriteLineAsync("Stopped before it finished.");
            return ExitCodes.Failed;
        }

        try
        {
            return await running;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Stopped before it finished.");
            return ExitCodes.Failed;
        }
        catch (Exception failure)
        {
            return await FailedAsync(parse, host.Services.GetRequiredService<IConfiguration>(), failure, "failed", cancellationToken);
        }
    }

    /// <summary>
    /// The one line per problem of a command that failed (<see cref="FailureLine"/>), each starting with who failed, the
    /// details only with <c>--verbose</c>; exit code <see cref="ExitCodes.Failed"/>.
    /// </summary>
    public async Task<int> FailedAsync(ParseResult parse, IConfiguration configuration, Exception failure, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(failure);
        foreach (var line in await FailureLine.DescribeAsync(failure, configuration, cancellationToken))
            await Console.Error.WriteLineAsync($"{Program} {what}: {line}");
        if (parse.GetValue(Verbose))
            await Console.Error.WriteLineAsync(failure.ToString());
        return ExitCodes.Failed;
    }

    /// <summary>Marks the host started, so that the generic host's own log shows from then on.</summary>
    public void Started() => hostStarted = true;

    private async Task<int> RunWorkAsync(IHost host, Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken stopping)
    {
        try
        {
            await host.StartAsync(stopping);
            Started();
            return await work(host.Services, stopping);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private void WriteChecklist(IEnumerable<string> failures) =>
        ConfigurationChecklist.Write(Console.Error, Console.ErrorStyle, Program, failures, Sources);
}
