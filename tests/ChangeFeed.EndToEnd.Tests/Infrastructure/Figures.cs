using System.Diagnostics;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>The one-line summary every scenario prints: what went in, what came out, how long it took.</summary>
public sealed record Figures(int Changes, int Delivered, int Lost, int Duplicates, int Parked, TimeSpan Elapsed)
{
    /// <summary>Duplicates the Service Bus stand-in dropped by MessageId (null against a real namespace).</summary>
    public int? DroppedByDuplicateDetection { get; init; }

    /// <summary>Keys whose first deliveries came out of write order (<see cref="KeyOrder"/>); null when not checked.</summary>
    public int? OrderViolations { get; init; }

    /// <summary>Leases per processor-host instance at the end, e.g. <c>host-a 3, host-b 3, host-c 2</c>; null with one in-process host.</summary>
    public string? LeasesPerInstance { get; init; }

    public override string ToString() =>
        $"changes {Changes}, delivered {Delivered}, lost {Lost}, duplicates {Duplicates}, parked {Parked}, elapsed {Elapsed.TotalSeconds:F1} s"
        + (DroppedByDuplicateDetection is { } dropped ? $", dropped by duplicate detection {dropped}" : "")
        + (OrderViolations is { } violations ? $", per-key order violations {violations}" : "")
        + (LeasesPerInstance is { } leases ? $", leases per instance: {leases}" : "");

    /// <summary>Figures for expected events of created and deleted documents (all-versions-and-deletes mode has both).</summary>
    public static Figures From(IReadOnlyCollection<ExpectedEvent> expected, IReadOnlyList<ReceivedEvent> received, int parked, TimeSpan elapsed, int? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(received);
        var arrived = received.Select(e => (e.Subject, KeyOrder.IsDeleted(e))).ToHashSet();
        var distinct = received.Select(e => e.MessageId).Distinct(StringComparer.Ordinal).Count();
        return new Figures(
            expected.Count,
            distinct,
            expected.Count(e => !arrived.Contains((e.DocumentId, e.Deleted))),
            received.Count - distinct,
            parked,
            elapsed) { DroppedByDuplicateDetection = dropped, OrderViolations = KeyOrder.Violations(received).Count };
    }

    /// <summary>Figures for changes of the documents <paramref name="expectedDocumentIds"/> (events carry the document id as subject).</summary>
    public static Figures From(IReadOnlyCollection<string> expectedDocumentIds, ReceivedEvents received, int parked, Stopwatch clock, int? dropped = null) =>
        From(expectedDocumentIds, received.All, parked, clock, dropped);

    public static Figures From(IReadOnlyCollection<string> expectedDocumentIds, IReadOnlyList<ReceivedEvent> received, int parked, Stopwatch clock, int? dropped = null)
    {
        var subjects = received.Select(e => e.Subject).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var distinct = received.Select(e => e.MessageId).Distinct(StringComparer.Ordinal).Count();
        return new Figures(
            expectedDocumentIds.Count,
            distinct,
            expectedDocumentIds.Count(id => !subjects.Contains(id)),
            received.Count - distinct,
            parked,
            clock.Elapsed) { DroppedByDuplicateDetection = dropped };
    }
}
