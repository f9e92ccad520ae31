using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ChangeFeed.StandIns.Internal;

namespace ChangeFeed.StandIns.Azurite.Internal;

/// <summary>
/// The running <c>node start.js</c> (Azurite's blob service): on 127.0.0.1, on a free port unless one is given, its
/// data in a folder that outlives the process (so a restart on the same port finds its blobs again).
/// </summary>
internal sealed partial class AzuriteProcess : IAsyncDisposable
{
    private const int MaxCapturedOutput = 64 * 1024;
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<int> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AzuriteProcess(Process process) => this.process = process;

    public int Port { get; private set; }

    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    public static async Task<AzuriteProcess> StartAsync(string directory, string location, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = NodeTools.StartInfo("node", [
            "start.js", "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", location, "--skipApiVersionCheck", "--disableTelemetry", "--silent"]);
        start.WorkingDirectory = directory;
        start.RedirectStandardInput = true; // kept open: start.js exits when this process goes away
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var azurite = new AzuriteProcess(NodeTools.Start(start, "Node.js 20 or later is needed to run Azurite", AzuritePackage.Fail));
        azurite.Listen();
        try
        {
            azurite.Port = await azurite.ready.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return azurite;
        }
        catch (Exception e) when (e is AzuriteException or TimeoutException)
        {
            await Task.Delay(200, CancellationToken.None).ConfigureAwait(false); // let the last lines arrive
            var why = e is TimeoutException ? $"did not say it listens within {timeout}" : "exited";
            var captured = azurite.Output;
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw new AzuriteException($"Azurite (node start.js in {directory}) {why}. Its output:{Environment.NewLine}{captured}", e);
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Listen()
    {
        process.OutputDataReceived += (_, e) => Capture(e.Data, checkReady: true);
        process.ErrorDataReceived += (_, e) => Capture(e.Data, checkReady: false);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new AzuriteException("exited"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Capture(string? line, bool checkReady)
    {
        if (line is null)
            return;
        lock (output)
        {
            if (output.Length < MaxCapturedOutput)
                output.AppendLine(line);
        }

        if (checkReady && ReadyLine().Match(line) is { Success: true } match)
            ready.TrySetResult(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Stops Azurite: closing its stdin makes it shut down as on SIGTERM (it saves its metadata, so a restart on the
    /// same location finds its blobs); killed if it has not exited after 15 s.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.Close();
                try
                {
                    await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            process.Dispose();
        }
    }

    [GeneratedRegex(@"successfully listens on http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ReadyLine();
}
