using System.Text;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json;

namespace ChangeFeed.Cosmos;

/// <summary>
/// The serializer of every <see cref="CosmosClient"/> the hosts build: Newtonsoft.Json as the SDK's default uses it,
/// but reading as deep as Cosmos DB allows (<see cref="DocumentLimits"/>; the default stops at 64 levels, so a typed
/// read such as the all-versions-and-deletes change feed failed its whole page on a deeper document) and leaving date
/// strings as written (the default turns them into dates, and writes them back in another format). An
/// all-versions-and-deletes page asked for as <see cref="FullFidelityPage"/> is handed over as its bytes.
/// </summary>
public sealed class CosmosDocumentSerializer : CosmosSerializer
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        MaxDepth = DocumentLimits.MaxReadDepth,
        DateParseHandling = DateParseHandling.None,
    };

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override T FromStream<T>(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (typeof(Stream).IsAssignableFrom(typeof(T)))
            return (T)(object)stream;
        if (typeof(T) == typeof(ChangeFeedItem<FullFidelityPage>[]))
        {
            using (stream)
                return (T)(object)FullFidelityPage.Read(stream);
        }

        using (stream)
        using (var text = new StreamReader(stream, Utf8))
        using (var reader = new JsonTextReader(text))
            return JsonSerializer.Create(Settings).Deserialize<T>(reader)!;
    }

    public override Stream ToStream<T>(T input)
    {
        var stream = new MemoryStream();
        using (var text = new StreamWriter(stream, Utf8, bufferSize: 1024, leaveOpen: true))
        using (var writer = new JsonTextWriter(text) { Formatting = Formatting.None })
            JsonSerializer.Create(Settings).Serialize(writer, input);
        stream.Position = 0;
        return stream;
    }
}
