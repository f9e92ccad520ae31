using System.Collections;
using System.Text.Json;

namespace ChangeFeed.Reading;

/// <summary>
/// The changes read from one page or batch, in order: slices of one parse of the bytes they came in, not copies of
/// them (a copy of each page was a tenth of what the host allocated per change). Those bytes must stay as they are
/// while the changes are used. Disposing returns the parse's pooled buffers to the pool; a change read after that
/// throws <see cref="ObjectDisposedException"/>, so dispose only once nothing holds one (the host: once the page is
/// relayed). Not disposing is safe: the buffers are then collected instead of reused.
/// </summary>
public sealed class ParsedChanges : IReadOnlyList<JsonElement>, IDisposable
{
    private readonly IReadOnlyList<JsonElement> changes;
    private readonly JsonDocument? parse;
    private readonly IDisposable? bytes;

    /// <param name="changes">The changes, all slices of <paramref name="parse"/> or documents of their own.</param>
    /// <param name="parse">The parse they are slices of, owned from now on; null when they are documents of their own.</param>
    /// <param name="bytes">The pooled bytes <paramref name="parse"/> was made of, when they are to be returned with it.</param>
    public ParsedChanges(IReadOnlyList<JsonElement> changes, JsonDocument? parse = null, IDisposable? bytes = null)
    {
        ArgumentNullException.ThrowIfNull(changes);
        this.changes = changes;
        this.parse = parse;
        this.bytes = bytes;
    }

    public int Count => changes.Count;

    public JsonElement this[int index] => changes[index];

    public IEnumerator<JsonElement> GetEnumerator() => changes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        parse?.Dispose();
        bytes?.Dispose(); // after the parse, which refers to them
    }
}
