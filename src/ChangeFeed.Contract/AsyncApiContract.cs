using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeFeed.Routing;

namespace ChangeFeed.Contract;

/// <summary>
/// The event contract of a configuration: an AsyncAPI 3.0 document with one channel per topic, one send operation per
/// route (and per further topic of an outbox route's AggregateTopics), one message per event type, every attribute
/// described once in <c>components/schemas</c>, and the routes' data schemas included.
/// </summary>
public static class AsyncApiContract
{
    public const string AsyncApiVersion = "3.0.0";

    private static readonly JsonSerializerOptions Output = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a document for people too: '<', '+' and quotes as they are
    };

    public static JsonObject Describe(IEnumerable<Route> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var ordered = routes.OrderBy(route => route.Name, StringComparer.Ordinal).ToList();
        var messages = new SortedDictionary<string, RouteMessage>(StringComparer.Ordinal);
        var channels = new SortedDictionary<string, (List<string> Keys, List<string> Types, bool AnyType)>(StringComparer.Ordinal);
        var operations = new JsonObject();
        var dataSchemas = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);

        foreach (var route in ordered)
        {
            var keys = new List<string>();
            foreach (var message in RouteMessage.Of(route))
            {
                var key = ContractKeys.Of(message.Type ?? $"{route.Name}.any");
                if (messages.TryGetValue(key, out var existing) && !Equals(existing.Shape, message.Shape))
                    key = ContractKeys.Of($"{route.Name}.{message.Type}");
                messages.TryAdd(key, message);
                keys.Add(key);
                if (message.DataSchema is { } schema)
                    dataSchemas[ContractKeys.DataSchema(schema.Type)] = JsonNode.Parse(schema.Text, documentOptions: DocumentLimits.DocumentOptions);
            }

            var topics = new[] { route.Topic }.Concat(route.AggregateTopics.Values.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal);
            foreach (var topic in topics)
            {
                var channelKey = ContractKeys.Of(topic);
                if (!channels.TryGetValue(channelKey, out var channel))
                    channels[channelKey] = channel = ([], [], false);
                channel.Keys.AddRange(keys.Except(channel.Keys));
                var types = RouteMessage.Of(route).Select(message => message.Type).OfType<string>().ToList();
                channel.Types.AddRange(types.Except(channel.Types));
                channels[channelKey] = channel with { AnyType = channel.AnyType || types.Count == 0 };
                operations[ContractKeys.Of(topic == route.Topic ? route.Name : $"{route.Name}.{topic}")] = RouteOperation.Describe(route, topic, channelKey, keys);
            }
        }

        var channelObjects = new JsonObject();
        foreach (var (key, channel) in channels)
            channelObjects[key] = new TopicChannel(Topic(ordered, key), channel.Keys, channel.Types, channel.AnyType).Describe();

        var schemas = new JsonObject();
        foreach (var (name, schema) in WireAttributes.Schemas().Concat(MessageEnvelopes.Schemas()).Concat(dataSchemas))
            schemas[name] = schema;
        var messageObjects = new JsonObject();
        foreach (var (key, message) in messages)
            messageObjects[key] = message.Describe();

        return new JsonObject
        {
            ["asyncapi"] = AsyncApiVersion,
            ["info"] = ContractInfo.Describe(),
            ["defaultContentType"] = "application/json",
            ["servers"] = ContractInfo.Servers(),
            ["channels"] = channelObjects,
            ["operations"] = operations,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["messages"] = messageObjects,
                ["securitySchemes"] = ContractInfo.SecuritySchemes(),
            },
        };
    }

    /// <summary>The document as the <c>contract</c> command writes it: indented JSON, '\n' line ends, a final line end.</summary>
    public static string Write(IEnumerable<Route> routes) => Describe(routes).ToJsonString(Output) + "\n";

    private static string Topic(IEnumerable<Route> routes, string key) =>
        routes.SelectMany(route => route.AggregateTopics.Values.Prepend(route.Topic)).First(topic => ContractKeys.Of(topic) == key);
}
