using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Envelope;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Contract;

/// <summary>
/// Checks a received message against a contract document: its application property names, types and values, its
/// Service Bus properties and its body against the schemas of its content mode, and the rules the schemas cannot
/// say (MessageId = id, Subject = type, SessionId from partitionkey, data or dataref, To on backfills only).
/// Outbox events may carry their records' own headers, so any name outside the reserved ones is taken as one.
/// </summary>
public sealed class ContractCheck(string document)
{
    private readonly ContractSchemas schemas = new(document);

    /// <summary>What in <paramref name="message"/> the contract does not describe; empty when it conforms.</summary>
    public IReadOnlyList<string> Problems(WireMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = new List<string>();
        var structured = string.Equals(message.ContentType, EnvelopeEncoder.StructuredContentType, StringComparison.OrdinalIgnoreCase);
        var properties = new JsonObject();
        foreach (var (name, value) in message.ApplicationProperties)
            properties[name] = Json(value);
        problems.AddRange(schemas.Problems(structured ? MessageEnvelopes.StructuredOutboxProperties : MessageEnvelopes.BinaryOutboxProperties, properties));
        problems.AddRange(schemas.Problems(MessageEnvelopes.ServiceBusProperties, BrokerProperties(message)));

        Dictionary<string, string?> attributes;
        if (structured)
        {
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(message.Body.Span, documentOptions: DocumentLimits.DocumentOptions);
            }
            catch (JsonException invalid)
            {
                return [.. problems, $"structured mode: the body is not JSON: {invalid.Message}"];
            }

            problems.AddRange(schemas.Problems(MessageEnvelopes.CloudEvent, body));
            var envelope = body as JsonObject ?? [];
            attributes = WireAttributes.CloudEvents.ToDictionary(name => name, name => envelope[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null);
            if (attributes["dataref"] is not null && envelope.ContainsKey("data"))
                problems.Add("structured mode: an event with dataref carries data too");
        }
        else
        {
            attributes = WireAttributes.CloudEvents.ToDictionary(name => name, name => message.ApplicationProperties.GetValueOrDefault(EnvelopeEncoder.Prefix + name) as string);
            if (attributes["dataref"] is not null)
            {
                if (!message.Body.IsEmpty)
                    problems.Add($"binary mode: an event with dataref has a body of {message.Body.Length} bytes; the data is in the claim check store");
            }
            else if (!IsJson(message.Body.Span))
            {
                problems.Add("binary mode: the body is not the JSON data its ContentType says");
            }
        }

        if (attributes["id"] is { } id && message.MessageId != id)
            problems.Add($"MessageId '{message.MessageId}' is not the event id '{id}'");
        if (attributes["type"] is { } type && message.Subject != type)
            problems.Add($"Subject '{message.Subject}' is not the event type '{type}'");
        if (attributes["partitionkey"] is { } partitionKey && message.SessionId != SessionIds.For(partitionKey))
            problems.Add($"SessionId '{message.SessionId}' is not the one of partitionkey '{partitionKey}' ('{SessionIds.For(partitionKey)}')");
        var backfill = message.ApplicationProperties.GetValueOrDefault(Delivery.Property) as string == Delivery.Backfill;
        if (backfill != (message.To is not null))
            problems.Add(backfill ? "a backfilled copy does not name its subscription in To" : $"a live event names To '{message.To}'");
        return problems;
    }

    private static JsonObject BrokerProperties(WireMessage message)
    {
        var broker = new JsonObject
        {
            ["MessageId"] = message.MessageId,
            ["SessionId"] = message.SessionId,
            ["Subject"] = message.Subject,
            ["ContentType"] = message.ContentType,
        };
        if (message.CorrelationId is not null)
            broker["CorrelationId"] = message.CorrelationId;
        if (message.To is not null)
            broker["To"] = message.To;
        return broker;
    }

    /// <summary>A property value as JSON: strings, numbers and booleans as such, anything else as what it is, so that only a string passes as a string.</summary>
    private static JsonNode? Json(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag,
        int or long or short or byte or sbyte or ushort or uint or ulong or double or float or decimal => JsonValue.Create(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        _ => new JsonObject { ["clrType"] = value.GetType().FullName },
    };

    private static bool IsJson(ReadOnlySpan<byte> body)
    {
        try
        {
            DocumentLimits.EnsureJsonValue(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
