using ChangeFeed.Parking;

namespace ChangeFeed;

/// <summary>What one <see cref="Relay.ProcessAsync"/> call did. When it returns, the checkpoint may advance.</summary>
/// <param name="Changes">Changes handed over by the change feed.</param>
/// <param name="Published">Events sent to Service Bus.</param>
/// <param name="Parked">Changes parked instead, with their reasons.</param>
/// <param name="Batches">Send calls made.</param>
/// <param name="Elapsed">Time taken.</param>
public sealed record RelayResult(int Changes, int Published, IReadOnlyList<ParkedChange> Parked, int Batches, TimeSpan Elapsed);
