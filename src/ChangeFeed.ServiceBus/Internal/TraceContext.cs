using System.Diagnostics;
using System.Text;

namespace ChangeFeed.ServiceBus.Internal;

/// <summary>
/// The application properties the Service Bus client adds to a message that has neither <c>Diagnostic-Id</c> nor
/// <c>traceparent</c> when it sends it under an activity (its own or the caller's): both set to the activity's id, and
/// <c>tracestate</c>. Counted in the size of such a message (as entries of its application properties map) whenever the
/// client may add them: an activity is current, or the client was seen adding them.
/// </summary>
internal sealed record TraceContext(long Entries)
{
    public const string DiagnosticId = "Diagnostic-Id";

    public const string TraceParent = "traceparent";

    private const string TraceState = "tracestate";

    /// <summary>A W3C id: version, trace id, span id, flags.</summary>
    private const int W3CIdLength = 55;

    /// <summary>The longest hierarchical activity id .NET makes.</summary>
    private const int HierarchicalIdMaxLength = 1024;

    /// <summary>What the client may add now; null when it adds nothing (no activity, and it was not seen starting its own).</summary>
    public static TraceContext? For(Activity? current, bool clientStartsActivities)
    {
        if (current is null && !clientStartsActivities)
            return null;

        // The client's activity is a child of the current one, or a root of the default format.
        var w3c = (current?.IdFormat ?? Activity.DefaultIdFormat) == ActivityIdFormat.W3C && (!Activity.ForceDefaultIdFormat || Activity.DefaultIdFormat == ActivityIdFormat.W3C);
        long id = w3c ? W3CIdLength : Math.Min(HierarchicalIdMaxLength, (current?.Id?.Length ?? 64) + 64);
        var state = current?.TraceStateString is { } traceState ? Encoding.UTF8.GetByteCount(traceState) : 0;
        return new TraceContext(
            EncodedSize.String(DiagnosticId) + EncodedSize.Binary(id) + EncodedSize.String(TraceParent) + EncodedSize.Binary(id) + EncodedSize.String(TraceState) + EncodedSize.Binary(state));
    }
}
