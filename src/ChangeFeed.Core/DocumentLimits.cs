using System.Text.Json;

namespace ChangeFeed;

/// <summary>
/// What Cosmos DB accepts as an item, and so what every JSON read on the data path must accept: the one place these
/// limits are defined. From the Azure Cosmos DB service quotas ("Per-item limits"): maximum size of an item 2 MB (the
/// UTF-8 length of its JSON), maximum level of nesting for embedded objects and arrays 128.
/// </summary>
public static class DocumentLimits
{
    /// <summary>Levels of objects and arrays the service allows inside a document (service quota).</summary>
    public const int MaxNestingLevels = 128;

    /// <summary>
    /// The largest item the service stores, in UTF-8 bytes of its JSON (2 MB). An item of exactly this size is
    /// accepted; one byte more is refused with 413 <c>RequestEntityTooLarge</c>.
    /// </summary>
    public const int MaxItemBytes = 2 * 1024 * 1024;

    /// <summary>
    /// The depth of the deepest document as System.Text.Json counts it (the document object is 1): the quota read as
    /// 128 levels below the document itself, the more permissive of the two readings, so that nothing the service
    /// accepts is refused here.
    /// </summary>
    public const int MaxDocumentDepth = MaxNestingLevels + 1;

    /// <summary>
    /// Levels a read adds around a document: a change feed page <c>{"Documents":[...]}</c> adds 2, a Functions batch
    /// <c>[...]</c> 1, a structured CloudEvent <c>{"data":...}</c> 1, and the deepest, a query page of parked records
    /// <c>{"Documents":[{"document":...}]}</c>, 3.
    /// </summary>
    public const int MaxWrapperLevels = 3;

    /// <summary>The depth every reader on the data path allows: the deepest document in the deepest wrapper.</summary>
    public const int MaxReadDepth = MaxDocumentDepth + MaxWrapperLevels;

    /// <summary>For <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> and the like.</summary>
    public static JsonDocumentOptions DocumentOptions => new() { MaxDepth = MaxReadDepth };

    /// <summary>For <see cref="Utf8JsonReader"/>.</summary>
    public static JsonReaderOptions ReaderOptions => new() { MaxDepth = MaxReadDepth };

    /// <summary>The serializer's defaults with the data path's depth (reading and writing); shared and read-only.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = WithReadDepth(new JsonSerializerOptions());

    /// <summary>Sets <paramref name="options"/>' depth to the data path's and makes them read-only.</summary>
    public static JsonSerializerOptions WithReadDepth(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MaxDepth = MaxReadDepth;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Throws <see cref="JsonException"/> unless <paramref name="json"/> is one well-formed JSON value within
    /// <see cref="MaxReadDepth"/>. (<see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/>'s own check
    /// stops at 64 levels, whatever the writer's options say.)
    /// </summary>
    public static void EnsureJsonValue(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read())
            throw new JsonException("The JSON value is empty.");
        reader.Skip();
        if (reader.Read())
            throw new JsonException($"'{(char)json[(int)reader.TokenStartIndex]}' after the end of the JSON value at byte {reader.TokenStartIndex}.");
    }
}
