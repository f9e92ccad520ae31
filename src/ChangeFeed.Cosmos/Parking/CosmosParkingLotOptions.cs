namespace ChangeFeed.Cosmos.Parking;

/// <summary>Where parked changes are kept in Cosmos DB and for how long.</summary>
public sealed class CosmosParkingLotOptions
{
    /// <summary>The database of the parking container.</summary>
    public string? Database { get; set; }

    /// <summary>The parking container: partition key <c>/sourceContainer</c>, time to live on (default -1).</summary>
    public string Container { get; set; } = "parked";

    /// <summary>How long a parked change is kept (the item's <c>ttl</c>); default 14 days.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(14);
}
