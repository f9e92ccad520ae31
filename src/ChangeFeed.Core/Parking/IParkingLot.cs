namespace ChangeFeed.Parking;

/// <summary>Where changes that cannot be published are kept. Implementations must be idempotent on <see cref="ParkedChange.Id"/>.</summary>
public interface IParkingLot
{
    /// <summary>Stores the changes; throws when they could not all be stored, so the caller does not checkpoint.</summary>
    Task ParkAsync(IReadOnlyList<ParkedChange> changes, CancellationToken cancellationToken);
}
