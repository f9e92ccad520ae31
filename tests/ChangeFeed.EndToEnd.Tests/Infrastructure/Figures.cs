using System.Diagnostics;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>The one-line summary every scenario prints: what went in, what came out, how long it took.</summary>
public sealed record Figures(int Changes, int Delivered, int Lost, int Duplicates, int Parked, TimeSpan Elapsed)
{
    /// <summary>Duplicates the Service Bus stand-in dropped by MessageId (null against a real namespace).</summary>
    public int? DroppedByDuplicateDetection { get; init; }

    public override string ToString() =>
        $"changes {Changes}, delivered {Delivered}, lost {Lost}, duplicates {Duplicates}, parked {Parked}, elapsed {Elapsed.TotalSeconds:F1} s"
        + (DroppedByDuplicateDetection is { } dropped ? $", dropped by duplicate detection {dropped}" : "");

    /// <summary>Figures for changes of the documents <paramref name="expectedDocumentIds"/> (events carry the document id as subject).</summary>
    public static Figures From(IReadOnlyCollection<string> expectedDocumentIds, ReceivedEvents received, int parked, Stopwatch clock, int? dropped = null)
    {
        var subjects = received.All.Select(e => e.Subject).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new Figures(
            expectedDocumentIds.Count,
            received.DistinctIds.Count,
            expectedDocumentIds.Count(id => !subjects.Contains(id)),
            received.Duplicates,
            parked,
            clock.Elapsed) { DroppedByDuplicateDetection = dropped };
    }
}
