using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ChangeFeed.Routing;

/// <summary>The top-level properties the router reads from every change.</summary>
internal enum Field
{
    Unreadable,
    Operation,
    Id,
    Lsn,
    Timestamp,
    SoftDelete,
    CorrelationId,
    TypeProperty,

    /// <summary>The first segment of the first partition key path; the next two paths' follow.</summary>
    PartitionKey,
}

/// <summary>
/// The values of a route's <see cref="Field"/>s in one document, found in one pass over its properties: a lookup by name
/// per field scanned the properties once per name and converted every name to UTF-8 per change. Same answers as
/// <see cref="PropertyLookup.TryFind"/>: the last of duplicate names wins, and a name that cannot be unescaped equals
/// none (decision 0023). A field the document lacks (or the route does not read) is <see cref="JsonValueKind.Undefined"/>.
/// </summary>
internal struct DocumentFields
{
    public const int Count = (int)Field.PartitionKey + 3;

    private Values values;
    private DataRun? allKept;

    public readonly JsonElement this[Field field] => values[(int)field];

    /// <summary>
    /// When the route's data is the document without its system properties (<see cref="CompiledRoute.DataIsTheDocument"/>)
    /// and the other properties stand in the text as the data writes them, one after the other: where they are, so
    /// that <see cref="DocumentData"/> copies them without a pass of its own. Null otherwise.
    /// </summary>
    public readonly DataRun? AllKept => allKept;

    /// <summary>The partition key paths' first segments, in path order.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<JsonElement> PartitionKeys => ((ReadOnlySpan<JsonElement>)values)[(int)Field.PartitionKey..];

    public static DocumentFields Read(JsonElement document, CompiledRoute route)
    {
        var fields = default(DocumentFields);
        var names = route.FieldNames;
        var lengths = route.FieldNameLengths;

        var text = JsonMarshal.GetRawUtf8Value(document);
        var kept = new DataRun.Tracker();
        foreach (var property in document.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            var escaped = raw.IndexOf((byte)'\\') >= 0;
            if (route.DataIsTheDocument)
                kept.Add(text, property, raw, escaped);

            // Most names are of no field's length: passed over unless escaped (an escape changes the length).
            var fieldLength = raw.Length < 64 ? (lengths & (1UL << raw.Length)) != 0 : lengths == ulong.MaxValue;
            if (!escaped && !fieldLength)
                continue;
            for (var i = 0; i < Count; i++)
            {
                // No break: one property may be several fields (a correlation id property named "id", say).
                if (names[i] is { } name && (escaped ? PropertyLookup.NameIs(property, name) : raw.SequenceEqual(name)))
                    fields.values[i] = property.Value;
            }
        }

        if (route.DataIsTheDocument)
            fields.allKept = kept.Run(text);
        return fields;
    }

    [InlineArray(Count)]
    private struct Values
    {
        private JsonElement first;
    }
}
