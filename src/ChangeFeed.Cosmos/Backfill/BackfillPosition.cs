using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeFeed.Cosmos.Backfill;

/// <summary>
/// Where a backfill run stands and where it ends, kept as its continuation: per feed range of the container at the
/// run's start, the range's bound (its LSN at the start: nothing written later is read), the change feed continuation
/// after the last page read from it, and whether it reached its bound. A range that splits stays one entry: the SDK's
/// continuation carries on over its children, which inherit the bound (their LSNs continue the parent's).
/// </summary>
internal sealed record BackfillPosition
{
    private const string Marker = "{\"ranges\":";

    [JsonPropertyName("ranges")] public required IReadOnlyList<BoundedRange> Ranges { get; init; }

    public bool Done => Ranges.All(range => range.Done);

    public string Write() => JsonSerializer.Serialize(this, DocumentLimits.SerializerOptions);

    /// <summary>The position a continuation holds; null for one kept by a version that fixed no end (read as before).</summary>
    public static BackfillPosition? Read(string? continuation) =>
        continuation is not null && continuation.StartsWith(Marker, StringComparison.Ordinal)
            ? JsonSerializer.Deserialize<BackfillPosition>(continuation, DocumentLimits.SerializerOptions)
            : null;

    /// <summary>The LSN a change feed etag (a continuation of one range) stands for: <c>"1234"</c>.</summary>
    public static long? Lsn(string? etag) =>
        long.TryParse(etag?.Replace("W/", "", StringComparison.Ordinal).Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var lsn) ? lsn : null;

    /// <summary>The highest position an SDK change feed continuation lists; null when it lists none this version reads.</summary>
    public static long? Highest(string? continuation) => Positions(continuation)?.Max();

    /// <summary>
    /// Whether every range an SDK change feed continuation lists (a split range lists its children) stands at or past
    /// <paramref name="bound"/>; null when the continuation is not in the shape this version reads.
    /// </summary>
    public static bool? AllAtOrPast(string? continuation, long bound) =>
        Positions(continuation) is { } positions ? positions.All(lsn => lsn >= bound) : null;

    /// <summary>
    /// The position of each range an SDK change feed continuation lists (<c>{"V":2,"Rid":…,"Continuation":[{"FeedRange":…,
    /// "State":{"type":"continuation","value":"\"1234\""}}]}</c>; null for a range not read yet), or null when it is
    /// not in that shape.
    /// </summary>
    private static List<long?>? Positions(string? continuation)
    {
        try
        {
            using var token = JsonDocument.Parse(continuation ?? "", DocumentLimits.DocumentOptions);
            if (token.RootElement.ValueKind != JsonValueKind.Object || !token.RootElement.TryGetProperty("Continuation", out var ranges)
                || ranges.ValueKind != JsonValueKind.Array || ranges.GetArrayLength() == 0)
            {
                return null;
            }

            var positions = new List<long?>();
            foreach (var range in ranges.EnumerateArray())
            {
                if (range.ValueKind != JsonValueKind.Object || !range.TryGetProperty("State", out var state) || state.ValueKind != JsonValueKind.Object
                    || !state.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                if (type.GetString() != "continuation")
                {
                    positions.Add(null); // "beginning", "time" or "now": not read yet
                    continue;
                }

                if (!state.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String || Lsn(value.GetString()) is not { } lsn)
                    return null;
                positions.Add(lsn);
            }

            return positions;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One feed range of a backfill: <see cref="Microsoft.Azure.Cosmos.FeedRange.ToJsonString"/>, its bound, where it stands.</summary>
internal sealed record BoundedRange(
    [property: JsonPropertyName("range")] string Range,
    [property: JsonPropertyName("bound")] long Bound,
    [property: JsonPropertyName("continuation")] string? Continuation,
    [property: JsonPropertyName("done")] bool Done);
