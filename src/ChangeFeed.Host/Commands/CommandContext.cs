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
        "environment variables, appsettings.json in the working directory, and the Values of the file given with --settings "
        + "(a Functions local.settings.json; they win)";

    /// <summary><c>--settings FILE</c>, on every command.</summary>
    public Option<string?> Settings { get; } = new("--settings")
    {
        Description = "A Functions local.settings.json whose Values to use (they win over environment variables), "
            + "e.g. src/ChangeFeed.Functions/local.settings.json as azd up writes it, or local.settings.sample.json for the emulators.",
        HelpName = "FILE",
        Recursive = true,
    };

    public CommandConsole Console { get; } = console;

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
        }

        if (logsToStandardError)
        {
            builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
            builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
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

        // Ctrl+C or SIGTERM stops the host's lifetime; the command's work sees it as cancellation.
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await host.StartAsync(stopping.Token);
            return await work(host.Services, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Stopped before it finished.");
            return ExitCodes.Failed;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private void WriteChecklist(IEnumerable<string> failures) =>
        ConfigurationChecklist.Write(Console.Error, Console.ErrorStyle, Program, failures, Sources);
}
