using System.Collections.Concurrent;
using System.Text.Json;
using ChangeFeed.Host.Processing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeFeed.Host.Tests;

/// <summary>
/// A <see cref="BatchRelay"/> whose outcome per page is scripted, recording what happened in order: "relay 1",
/// "relayed 1", "failed 1", "checkpoint 1". A page is one document <c>{"page": n}</c>.
/// </summary>
internal sealed class ScriptedRelay(Func<int, int, CancellationToken, Task>? script = null)
    // The relay behind BatchRelay is never reached: RelayAsync is replaced.
    : BatchRelay(null!, new RetryBackoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)), TimeProvider.System, NullLogger<BatchRelay>.Instance)
{
    private readonly ConcurrentDictionary<int, int> attempts = new();

    public ConcurrentQueue<string> Log { get; } = new();

    public IReadOnlyList<int> Checkpoints => [.. Log.Where(e => e.StartsWith("checkpoint ", StringComparison.Ordinal)).Select(e => int.Parse(e[11..], System.Globalization.CultureInfo.InvariantCulture))];

    public static IReadOnlyList<JsonElement> Page(int page) => [JsonDocument.Parse($"{{\"page\":{page}}}").RootElement];

    public Func<Task> Checkpoint(int page, Func<Task>? before = null) => async () =>
    {
        if (before is not null)
            await before();
        Log.Enqueue($"checkpoint {page}");
    };

    public override async Task RelayAsync(string route, string leaseToken, IReadOnlyList<JsonElement> changes, CancellationToken cancellationToken)
    {
        var page = changes[0].GetProperty("page").GetInt32();
        var attempt = attempts.AddOrUpdate(page, 1, (_, n) => n + 1);
        Log.Enqueue($"relay {page}");
        try
        {
            if (script is not null)
                await script(page, attempt, cancellationToken);
        }
        catch (RelayFailedException)
        {
            Log.Enqueue($"failed {page}");
            throw;
        }

        Log.Enqueue($"relayed {page}");
    }

    /// <summary>Waits (bounded) until the log holds <paramref name="entry"/>.</summary>
    public async Task UntilAsync(string entry)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!Log.Contains(entry))
            await Task.Delay(5, timeout.Token);
    }
}
