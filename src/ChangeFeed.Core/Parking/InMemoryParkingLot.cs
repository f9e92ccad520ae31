using System.Collections.Concurrent;

namespace ChangeFeed.Parking;

/// <summary>A parking lot in memory, keyed by <see cref="ParkedChange.Id"/>: for tests and trials, not for production.</summary>
public sealed class InMemoryParkingLot : IParkingLot
{
    private readonly ConcurrentDictionary<string, ParkedChange> parked = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ParkedChange> Parked => parked.Values.ToArray();

    public Task ParkAsync(IReadOnlyList<ParkedChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
            parked[change.Id] = change;
        return Task.CompletedTask;
    }
}
