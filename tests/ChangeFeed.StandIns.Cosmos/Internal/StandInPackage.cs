using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;

namespace ChangeFeed.StandIns.Cosmos.Internal;

/// <summary>Finds tests/stand-ins/cosmos and runs <c>npm ci</c> there once when node_modules is missing.</summary>
internal static class StandInPackage
{
    public static string Locate(string? configured)
    {
        var candidates = new List<string?>
        {
            configured,
            typeof(StandInPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "CosmosStandInDirectory")?.Value,
        };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "tests", "stand-ins", "cosmos"));
        }

        return candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, "server.js")))
            ?? throw new CosmosStandInException(
                $"tests/stand-ins/cosmos (server.js) not found; set {nameof(CosmosStandInOptions)}.{nameof(CosmosStandInOptions.StandInDirectory)}.");
    }

    public static bool IsInstalled(string directory) =>
        File.Exists(Path.Combine(directory, "node_modules", ".package-lock.json"))
        && File.Exists(Path.Combine(directory, "node_modules", "@vercel", "cosmosdb-server", "package.json"));

    /// <summary>Installs from the committed lockfile; a file lock keeps parallel test processes from racing.</summary>
    public static async Task EnsureInstalledAsync(string directory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IsInstalled(directory))
        {
            return;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        await using var installLock = await AcquireLockAsync(Path.Combine(directory, ".install.lock"), timeoutSource.Token).ConfigureAwait(false);
        if (IsInstalled(directory))
        {
            return;
        }

        var (exitCode, output) = await RunAsync(directory, "npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], timeoutSource.Token)
            .ConfigureAwait(false);
        if (exitCode != 0 || !IsInstalled(directory))
        {
            throw new CosmosStandInException($"`npm ci` in {directory} failed (exit code {exitCode}):{Environment.NewLine}{output}");
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string directory, string command, string[] arguments, CancellationToken cancellationToken)
    {
        var start = Tool.StartInfo(command, arguments);
        start.WorkingDirectory = directory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Tool.Start(start, "npm is needed to install the stand-in's packages (Node.js 20 or later with npm)");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new CosmosStandInException($"`{command} {string.Join(' ', arguments)}` in {directory} did not finish in time.");
        }

        return (process.ExitCode, (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false)));
    }
}

/// <summary>Starts node/npm by name from PATH, with an error that says what is missing.</summary>
internal static class Tool
{
    public static ProcessStartInfo StartInfo(string command, IEnumerable<string> arguments)
    {
        var start = OperatingSystem.IsWindows() && command == "npm"
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/c", "npm" } }
            : new ProcessStartInfo(command);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.UseShellExecute = false;
        return start;
    }

    public static Process Start(ProcessStartInfo start, string whatIsNeeded)
    {
        try
        {
            return Process.Start(start) ?? throw new CosmosStandInException($"{start.FileName} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new CosmosStandInException($"Could not run `{start.FileName}`: {e.Message}. {whatIsNeeded}, on PATH.", e);
        }
    }
}
