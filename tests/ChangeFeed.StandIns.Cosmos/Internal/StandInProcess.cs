using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ChangeFeed.StandIns.Internal;

namespace ChangeFeed.StandIns.Cosmos.Internal;

/// <summary>The running <c>node server.js</c>: started on a free loopback port, ready when it prints its port.</summary>
internal sealed partial class StandInProcess : IAsyncDisposable
{
    private const int MaxCapturedStandardError = 64 * 1024;
    private readonly Process process;
    private readonly StringBuilder standardError = new();
    private readonly TaskCompletionSource<Match> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StandInProcess(Process process) => this.process = process;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>SHA-256 of the certificate the stand-in generated at start, upper-case hex.</summary>
    public string CertificateSha256 { get; private set; } = "";

    public string StandardError
    {
        get
        {
            lock (standardError)
            {
                return standardError.ToString();
            }
        }
    }

    public static async Task<StandInProcess> StartAsync(string directory, bool logRequests, bool ignoreInterrupt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "server.js", "--exit-on-stdin-close" };
        if (logRequests)
        {
            arguments.Add("--log");
        }

        if (ignoreInterrupt)
        {
            arguments.Add("--ignore-interrupt");
        }

        var start = NodeTools.StartInfo("node", arguments);
        start.WorkingDirectory = directory;
        start.RedirectStandardInput = true; // kept open: the stand-in exits when this process goes away
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var standIn = new StandInProcess(NodeTools.Start(start, "Node.js 20 or later is needed to run the Cosmos DB stand-in", StandInPackage.Fail));
        standIn.Listen();
        try
        {
            await standIn.WaitUntilReadyAsync(timeout, cancellationToken).ConfigureAwait(false);
            return standIn;
        }
        catch
        {
            await standIn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Listen()
    {
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ReadyLine().Match(e.Data) is { Success: true } match)
            {
                ready.TrySetResult(match);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (standardError)
            {
                if (standardError.Length < MaxCapturedStandardError)
                {
                    standardError.AppendLine(e.Data);
                }
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new CosmosStandInException("exited"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Match match;
        try
        {
            match = await ready.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CosmosStandInException or TimeoutException)
        {
            await Task.Delay(200, CancellationToken.None).ConfigureAwait(false); // let the last stderr lines arrive
            var why = e is TimeoutException ? $"did not print its ready line within {timeout}" : $"exited with code {process.ExitCode}";
            throw new CosmosStandInException(
                $"The Cosmos DB stand-in (node server.js) {why}. Its stderr:{Environment.NewLine}{StandardError}", e);
        }

        Endpoint = new Uri(match.Groups["endpoint"].Value);
        CertificateSha256 = match.Groups["sha256"].Value.ToUpperInvariant();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
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

    [GeneratedRegex(@"^COSMOS_STAND_IN_READY port=\d+ endpoint=(?<endpoint>\S+) sha256=(?<sha256>[0-9A-Fa-f]{64})$")]
    private static partial Regex ReadyLine();
}
