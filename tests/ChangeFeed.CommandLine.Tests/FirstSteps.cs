using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.CommandLine.Tests;

/// <summary>
/// What a newcomer meets in the first hour (issue 25's table), on the programs as built: services that are not
/// started, a service that accepts connections but never answers, malformed connection strings and option values.
/// Each ends in a few lines naming the setting, where it was tried and what to do, with its documented exit code,
/// no stack trace, and in seconds. The bounds are generous for a loaded machine; before, these took 30 s or more.
/// The rows are split over several test classes, which xUnit runs side by side.
/// </summary>
internal static class FirstSteps
{
    // The emulator's published development key: not a secret.
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
    public static readonly TimeSpan Seconds = TimeSpan.FromSeconds(20);

    /// <summary>Complete settings for the host, its services on loopback ports where nothing listens.</summary>
    public static Dictionary<string, string?> NothingStarted(int cosmosPort, int serviceBusPort) => new()
    {
        ["COSMOS"] = $"AccountEndpoint=https://127.0.0.1:{cosmosPort}/;AccountKey={Key};",
        ["SERVICEBUS"] = $"Endpoint=sb://127.0.0.1:{serviceBusPort};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
        ["COSMOS_DATABASE"] = "changefeed",
        ["COSMOS_LEASES_CONTAINER"] = "leases",
        ["ChangeFeed__Account"] = "localhost",
        ["ChangeFeed__Routes__orders__Database"] = "changefeed",
        ["ChangeFeed__Routes__orders__Container"] = "orders",
        ["ChangeFeed__Routes__orders__Topic"] = "orders-cdc",
        ["ChangeFeed__Routes__orders__PartitionKeyPath"] = "/customerId",
        ["ChangeFeed__Routes__orders__EventType"] = "com.contoso.orders.order",
    };

    public static async Task<(ProgramRun Run, TimeSpan Took)> TimedAsync(ITestOutputHelper output, string program, string[] args, Dictionary<string, string?> settings)
    {
        var stopwatch = Stopwatch.StartNew();
        var run = await BuiltProgram.RunAsync(program, args, settings);
        stopwatch.Stop();
        output.WriteLine($"{run}\ntook {stopwatch.Elapsed}");
        return (run, stopwatch.Elapsed);
    }

    public static void AssertFewLinesNoStack(ProgramRun run, int most)
    {
        Assert.True(Lines(run.Error).Count <= most, $"{Lines(run.Error).Count} lines on standard error, expected at most {most}");
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Output + run.Error, StringComparison.Ordinal);
    }

    public static List<string> Lines(string text) => [.. text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0)];

    /// <summary>A loopback port nothing listens on: bound by the system, then released.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Functions local.settings.json files a test writes, deleted when it ends.</summary>
internal sealed class SettingsFiles : IDisposable
{
    private readonly List<string> files = [];

    public string Write(IEnumerable<KeyValuePair<string, string?>> values)
    {
        var path = Path.Combine(Path.GetTempPath(), $"local.settings.{Guid.NewGuid():N}.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new { Values = values.ToDictionary(pair => pair.Key, pair => pair.Value) }));
        files.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var file in files)
            File.Delete(file);
    }
}

/// <summary>Accepts connections and never answers: a service that is up but hangs (or not what the client thinks it is).</summary>
public sealed class SilentService : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> accepted = [];
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stop = new();

    public SilentService()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public Task ConnectedAsync(TimeSpan timeout) => connected.Task.WaitAsync(timeout);

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (accepted)
        {
            foreach (var client in accepted)
                client.Dispose();
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                lock (accepted)
                    accepted.Add(client);
                connected.TrySetResult();
            }
        }
        catch (Exception ended) when (ended is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
