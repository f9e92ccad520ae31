using System.Text.Json.Nodes;
using ChangeFeed.Configuration;
using ChangeFeed.Routing;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Contract;

/// <summary>
/// The messages one route sends: one per event type it declares (<c>EventTypes</c>, a <c>cdc</c> route's two types,
/// the types it names a <c>DataSchema</c> for), or one message of any type when it declares none.
/// </summary>
public sealed record RouteMessage(Route Route, string? Type)
{
    /// <summary>The schema of the data named for this type, if any.</summary>
    public DataSchema? DataSchema => Type is not null && Route.DataSchemas.TryGetValue(Type, out var schema) ? schema : null;

    /// <summary>What makes two routes' messages of one type the same message of the contract.</summary>
    public object Shape => (Type, Route.Mode == RouteMode.Outbox, Route.ContentMode, Route.Source, DataSchema?.Id);

    /// <summary>The messages of a route, in a stable order.</summary>
    public static IReadOnlyList<RouteMessage> Of(Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var types = new List<string>(route.EventTypes);
        if (route is { Mode: RouteMode.Cdc, EventType: { } entity })
            types.AddRange([route.TypeName($"{entity}.upserted"), route.TypeName($"{entity}.deleted")]);
        types.AddRange(route.DataSchemas.Keys.Order(StringComparer.Ordinal));
        var distinct = types.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? [new RouteMessage(route, null)] : [.. distinct.Select(type => new RouteMessage(route, type))];
    }

    /// <summary>The message object of the contract.</summary>
    public JsonObject Describe()
    {
        var structured = Route.ContentMode == ContentMode.Structured;
        var outbox = Route.Mode == RouteMode.Outbox;
        var data = DataSchema is not null ? WireAttributes.Ref(ContractKeys.DataSchema(Type!))
            : WireAttributes.Ref(outbox ? MessageEnvelopes.RecordData : MessageEnvelopes.DocumentData);
        var contentType = structured ? EnvelopeEncoder.StructuredContentType : "application/json";

        var fixedAttributes = new JsonObject { ["source"] = Const(Route.Source) };
        if (Type is not null)
            fixedAttributes["type"] = Const(Type);
        if (DataSchema is not null)
            fixedAttributes["dataschema"] = Const(DataSchema.Id.AbsoluteUri);

        JsonNode headers, payload;
        if (structured)
        {
            headers = WireAttributes.Ref(outbox ? MessageEnvelopes.StructuredOutboxProperties : MessageEnvelopes.StructuredProperties);
            fixedAttributes["data"] = data;
            payload = new JsonObject { ["allOf"] = new JsonArray(WireAttributes.Ref(MessageEnvelopes.CloudEvent), new JsonObject { ["properties"] = fixedAttributes }) };
        }
        else
        {
            var prefixed = new JsonObject();
            foreach (var (name, value) in fixedAttributes)
                prefixed[EnvelopeEncoder.Prefix + name] = value!.DeepClone();
            headers = new JsonObject
            {
                ["allOf"] = new JsonArray(
                    WireAttributes.Ref(outbox ? MessageEnvelopes.BinaryOutboxProperties : MessageEnvelopes.BinaryProperties),
                    new JsonObject { ["properties"] = prefixed }),
            };
            payload = data;
        }

        var title = Type ?? $"{Route.Name} (any type)";
        var brokerProperties = new JsonObject { ["ContentType"] = Const(contentType) };
        if (Type is not null)
            brokerProperties["Subject"] = Const(Type);
        return new JsonObject
        {
            ["name"] = title,
            ["title"] = title,
            ["summary"] = Summary(),
            ["contentType"] = contentType,
            ["headers"] = headers,
            ["payload"] = payload,
            ["x-servicebus-properties"] = new JsonObject
            {
                ["allOf"] = new JsonArray(WireAttributes.Ref(MessageEnvelopes.ServiceBusProperties), new JsonObject { ["properties"] = brokerProperties }),
            },
        };
    }

    private string Summary()
    {
        var what = Route.Mode switch
        {
            RouteMode.Outbox => "An outbox record of the route, published as written",
            RouteMode.EventStore => "An event appended to the route's event container",
            _ => "A change of a document of the route's container",
        };
        var mode = Route.ContentMode == ContentMode.Structured ? "structured mode: the body is the CloudEvent" : "binary mode: the body is the data";
        var types = Type is null ? "; the route declares no event types (EventTypes), so any type" : string.Empty;
        return $"{what} (route {Route.Name}, {mode}){types}.";
    }

    private static JsonObject Const(string value) => new() { ["const"] = value };
}
