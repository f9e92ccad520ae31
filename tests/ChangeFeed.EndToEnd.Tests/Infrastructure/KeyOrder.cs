using System.Text.Json;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Per-key order of first deliveries: for each key (session), the events in the order Service Bus sequenced them, each
/// event counted at its first delivery only, must follow the order the changes were written (document n before n+1,
/// a document's creation before its deletion).
/// </summary>
internal static class KeyOrder
{
    public const string DeletedSuffix = ".deleted";

    /// <summary>The keys whose first deliveries are out of write order.</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<ReceivedEvent> received) =>
        [.. received
            .Where(e => e.SessionId is not null)
            .GroupBy(e => e.SessionId!)
            .Where(key => !IsIncreasing(key.OrderBy(e => e.SequenceNumber).DistinctBy(e => e.MessageId).Select(OrderOf).ToList()))
            .Select(key => key.Key)];

    /// <summary>The event's place in its key's write order (as <see cref="ExpectedEvent.Order"/>).</summary>
    public static int OrderOf(ReceivedEvent e) =>
        JsonDocument.Parse(e.Body, DocumentLimits.DocumentOptions).RootElement.GetProperty("seq").GetInt32() * 2 + (IsDeleted(e) ? 1 : 0);

    public static bool IsDeleted(ReceivedEvent e) => e.Type?.EndsWith(DeletedSuffix, StringComparison.Ordinal) == true;

    private static bool IsIncreasing(List<int> values) => values.Zip(values.Skip(1)).All(pair => pair.First < pair.Second);
}
