using System.ComponentModel;
using System.Diagnostics;

namespace ChangeFeed.StandIns.Internal;

/// <summary>
/// What the fixtures that run Node programs share (the Cosmos DB stand-in here, Azurite in ChangeFeed.StandIns.Azurite,
/// which compiles this file too): node and npm found by name on PATH, and <c>npm ci</c> from a committed lockfile.
/// Failures become the fixture's own exception through <c>fail</c>, with npm's or the system's message.
/// </summary>
internal static class NodeTools
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

    public static Process Start(ProcessStartInfo start, string whatIsNeeded, Func<string, Exception?, Exception> fail)
    {
        try
        {
            return Process.Start(start) ?? throw fail($"{start.FileName} did not start.", null);
        }
        catch (Win32Exception e)
        {
            throw fail($"Could not run `{start.FileName}`: {e.Message}. {whatIsNeeded}, on PATH.", e);
        }
    }

    /// <summary>Runs <c>npm ci</c> in the folder unless <paramref name="isInstalled"/>; a file lock keeps parallel test processes from racing.</summary>
    public static async Task EnsureInstalledAsync(
        string directory, Func<bool> isInstalled, string whatIsNeeded, TimeSpan timeout, Func<string, Exception?, Exception> fail, CancellationToken cancellationToken)
    {
        if (isInstalled())
        {
            return;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        await using var installLock = await AcquireLockAsync(Path.Combine(directory, ".install.lock"), timeoutSource.Token).ConfigureAwait(false);
        if (isInstalled())
        {
            return;
        }

        string[] arguments = ["ci", "--ignore-scripts", "--no-audit", "--no-fund"];
        var start = StartInfo("npm", arguments);
        start.WorkingDirectory = directory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Start(start, whatIsNeeded, fail);
        var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw fail($"`npm {string.Join(' ', arguments)}` in {directory} did not finish within {timeout}.", null);
        }

        if (process.ExitCode != 0 || !isInstalled())
        {
            var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
            throw fail($"`npm ci` in {directory} failed (exit code {process.ExitCode}):{Environment.NewLine}{output}", null);
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
}
