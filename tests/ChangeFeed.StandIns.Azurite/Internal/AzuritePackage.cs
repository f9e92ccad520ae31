using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;

namespace ChangeFeed.StandIns.Azurite.Internal;

/// <summary>Finds tests/stand-ins/azurite and runs <c>npm ci</c> there once when node_modules is missing.</summary>
internal static class AzuritePackage
{
    public static string Locate(string? configured)
    {
        var candidates = new List<string?>
        {
            configured,
            typeof(AzuritePackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "AzuriteDirectory")?.Value,
        };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, "tests", "stand-ins", "azurite"));

        return candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, "start.js")))
            ?? throw new AzuriteException($"tests/stand-ins/azurite (start.js) not found; set {nameof(AzuriteOptions)}.{nameof(AzuriteOptions.Directory)}.");
    }

    public static bool IsInstalled(string directory) =>
        File.Exists(Path.Combine(directory, "node_modules", ".package-lock.json"))
        && File.Exists(Path.Combine(directory, "node_modules", "azurite", "dist", "src", "blob", "main.js"));

    /// <summary>Installs from the committed lockfile; a file lock keeps parallel test processes from racing.</summary>
    public static async Task EnsureInstalledAsync(string directory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IsInstalled(directory))
            return;

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        await using var installLock = await AcquireLockAsync(Path.Combine(directory, ".install.lock"), timeoutSource.Token).ConfigureAwait(false);
        if (IsInstalled(directory))
            return;

        var start = Node.StartInfo("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"]);
        start.WorkingDirectory = directory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var npm = Node.Start(start, "npm is needed to install Azurite (Node.js 20 or later with npm)");
        var output = Task.WhenAll(npm.StandardOutput.ReadToEndAsync(timeoutSource.Token), npm.StandardError.ReadToEndAsync(timeoutSource.Token));
        try
        {
            await npm.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new AzuriteException($"`npm ci` in {directory} did not finish within {timeout}.");
        }

        if (npm.ExitCode != 0 || !IsInstalled(directory))
            throw new AzuriteException($"`npm ci` in {directory} failed (exit code {npm.ExitCode}):{Environment.NewLine}{string.Concat(await output.ConfigureAwait(false))}");
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
}

/// <summary>Starts node/npm by name from PATH, with an error that says what is missing.</summary>
internal static class Node
{
    public static ProcessStartInfo StartInfo(string command, IEnumerable<string> arguments)
    {
        var start = OperatingSystem.IsWindows() && command == "npm"
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/c", "npm" } }
            : new ProcessStartInfo(command);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.UseShellExecute = false;
        return start;
    }

    public static Process Start(ProcessStartInfo start, string whatIsNeeded)
    {
        try
        {
            return Process.Start(start) ?? throw new AzuriteException($"{start.FileName} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new AzuriteException($"Could not run `{start.FileName}`: {e.Message}. {whatIsNeeded}, on PATH.", e);
        }
    }
}
