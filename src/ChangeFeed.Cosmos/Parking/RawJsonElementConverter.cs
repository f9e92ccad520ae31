using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeFeed.Cosmos.Parking;

/// <summary>
/// Writes a <see cref="JsonElement"/> as the bytes it was read from. The serializer's own way unescapes every name and
/// string and writes it again, which throws for a name or string no .NET string can hold (an unpaired surrogate
/// escape, which Cosmos DB accepts): a change parked for that reason must still be stored (decision 0023).
/// </summary>
internal sealed class RawJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.ValueKind == JsonValueKind.Undefined)
            writer.WriteNullValue();
        else
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
    }
}
