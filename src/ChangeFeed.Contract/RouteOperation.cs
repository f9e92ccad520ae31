using System.Text.Json.Nodes;
using ChangeFeed.Configuration;
using ChangeFeed.Routing;

namespace ChangeFeed.Contract;

/// <summary>What one route sends to one topic: an AsyncAPI <c>send</c> operation, with where its events come from.</summary>
public static class RouteOperation
{
    public static JsonObject Describe(Route route, string topic, string channelKey, IEnumerable<string> messageKeys)
    {
        ArgumentNullException.ThrowIfNull(route);
        var messages = new JsonArray();
        foreach (var key in messageKeys)
            messages.Add(new JsonObject { ["$ref"] = $"#/channels/{channelKey}/messages/{key}" });

        var origin = new JsonObject
        {
            ["route"] = route.Name,
            ["mode"] = route.Mode.ToString().ToLowerInvariant(),
            ["database"] = route.Database,
            ["container"] = route.Container,
            ["partitionKeyPath"] = string.Join(',', route.PartitionKey.Paths),
            ["contentMode"] = route.ContentMode.ToString().ToLowerInvariant(),
            ["largeEvents"] = route.LargeEvents.ToString().ToLowerInvariant(),
        };
        if (route.Mode == RouteMode.Outbox)
            origin["sessionKey"] = route.SessionByPartitionKey ? "partitionKey" : "aggregateId";

        return new JsonObject
        {
            ["action"] = "send",
            ["channel"] = new JsonObject { ["$ref"] = $"#/channels/{channelKey}" },
            ["title"] = $"Route {route.Name}",
            ["summary"] = $"The relay publishes the {Describe(route.Mode)} of {route.Database}/{route.Container} to {topic}.",
            ["messages"] = messages,
            ["x-changefeed-route"] = origin,
        };
    }

    private static string Describe(RouteMode mode) => mode switch
    {
        RouteMode.Outbox => "outbox records",
        RouteMode.EventStore => "appended events",
        _ => "document changes",
    };
}
