using System.Text.Json.Nodes;
using ChangeFeed.Envelope;

namespace ChangeFeed.Contract;

/// <summary>
/// One topic: its messages, the broker's promises (duplicate detection, sessions, sizes, claim check) and the sample
/// subscription with the rules the Bicep gives it: per event type a live rule and a backfill rule, correlation filters.
/// </summary>
public sealed record TopicChannel(string Topic, IReadOnlyList<string> MessageKeys, IReadOnlyList<string> EventTypes, bool AnyType)
{
    public JsonObject Describe()
    {
        var messages = new JsonObject();
        foreach (var key in MessageKeys)
            messages[key] = new JsonObject { ["$ref"] = $"#/components/messages/{key}" };

        return new JsonObject
        {
            ["address"] = Topic,
            ["title"] = Topic,
            ["description"] =
                $"Service Bus topic {Topic}. Order: one session (SessionId) carries one entity's events in the order they happened; no order across sessions. "
                + $"Duplicates: the topic detects duplicate MessageIds within its window ({ServiceBusLayout.DuplicateDetectionWindow} as deployed); beyond it a re-sent event "
                + "arrives again with the same id, so subscribers dedupe on id (originalid on a backfilled copy). "
                + $"Size: a message holds at most {ServiceBusLayout.StandardMaxMessageSizeInKilobytes} KB on Standard, the namespace's limit on Premium "
                + $"({ServiceBusLayout.PremiumMaxMessageSizeInKilobytes} KB as deployed); a larger event travels by claim check: its data in Blob Storage, the message with dataref and no data.",
            ["messages"] = messages,
            ["x-servicebus"] = new JsonObject
            {
                ["requiresDuplicateDetection"] = true,
                ["duplicateDetectionHistoryTimeWindow"] = ServiceBusLayout.DuplicateDetectionWindow,
                ["defaultMessageTimeToLive"] = ServiceBusLayout.MessageTimeToLive,
                ["supportOrdering"] = true,
                ["maxMessageSizeInKilobytes"] = new JsonObject
                {
                    ["Standard"] = ServiceBusLayout.StandardMaxMessageSizeInKilobytes,
                    ["Premium"] = ServiceBusLayout.PremiumMaxMessageSizeInKilobytes,
                },
                ["subscriptions"] = new JsonObject { [ServiceBusLayout.SampleSubscription] = Subscription() },
            },
        };
    }

    private JsonObject Subscription()
    {
        var rules = new JsonObject();
        for (var i = 0; i < EventTypes.Count; i++)
        {
            rules[i == 0 ? "$Default" : $"type-{i}"] = Rule(EventTypes[i], Delivery.Live, to: null);
            rules[$"backfill-{i}"] = Rule(EventTypes[i], Delivery.Backfill, to: ServiceBusLayout.SampleSubscription);
        }

        var subscription = new JsonObject
        {
            ["requiresSession"] = true,
            ["maxDeliveryCount"] = ServiceBusLayout.MaxDeliveryCount,
            ["lockDuration"] = ServiceBusLayout.LockDuration,
            ["deadLetteringOnMessageExpiration"] = true,
            ["rules"] = rules,
        };
        if (AnyType)
            subscription["description"] = "A route to this topic declares no event types (EventTypes): the rules list the declared types only; add a rule per further type.";
        return subscription;
    }

    private static JsonObject Rule(string type, string delivery, string? to)
    {
        var filter = new JsonObject { ["label"] = type };
        if (to is not null)
            filter["to"] = to;
        filter["properties"] = new JsonObject { [Delivery.Property] = delivery };
        return new JsonObject { ["filterType"] = "CorrelationFilter", ["correlationFilter"] = filter };
    }
}
