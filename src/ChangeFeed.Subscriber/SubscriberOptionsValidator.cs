using ChangeFeed.BlobStorage;
using ChangeFeed.Cosmos;
using ChangeFeed.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Subscriber;

/// <summary>Refuses to start without what the subscriber needs, naming each setting.</summary>
public sealed class SubscriberOptionsValidator(IConfiguration configuration) : IValidateOptions<SubscriberOptions>
{
    private const string Prefix = SubscriberOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SubscriberOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if ((ServiceBusConnection.MissingSetting(configuration) ?? ServiceBusConnection.InvalidSetting(configuration)) is { } serviceBus)
            errors.Add(serviceBus);
        if ((CosmosConnection.MissingSetting(configuration) ?? CosmosConnection.InvalidSetting(configuration)) is { } cosmos)
            errors.Add(cosmos);
        errors.AddRange(options.BindingErrors);
        errors.AddRange(ClaimCheckConnection.Errors(configuration));
        if (string.IsNullOrWhiteSpace(options.Topic))
            errors.Add($"{Prefix}:Topic is required: the Service Bus topic to read, e.g. orders-events.");
        if (string.IsNullOrWhiteSpace(options.Subscription))
            errors.Add($"{Prefix}:Subscription is required: a session-enabled subscription of that topic, e.g. sample-subscriber.");
        if (options.MaxDeliveryAttempts is < 1 or > 100)
            errors.Add($"{Prefix}:MaxDeliveryAttempts is {options.MaxDeliveryAttempts}: attempts before a failing message is dead-lettered, expected 1 to 100 (and at most the subscription's own max delivery count), e.g. 5.");
        if (options.MaxConcurrentSessions is < 1 or > 1000)
            errors.Add($"{Prefix}:MaxConcurrentSessions is {options.MaxConcurrentSessions}: sessions (entities) handled at once, expected 1 to 1000, e.g. 8.");
        if (string.IsNullOrWhiteSpace(options.Database))
            errors.Add($"{Prefix}:Database is required: the Cosmos DB database of the inbox, e.g. changefeed.");
        if (string.IsNullOrWhiteSpace(options.Container))
            errors.Add($"{Prefix}:Container is required: the Cosmos DB container of the inbox and read model (partition key /partitionKey), e.g. projections.");
        if (options.InboxTimeToLive < TimeSpan.FromMinutes(1))
            errors.Add($"{Prefix}:InboxTimeToLive is {options.InboxTimeToLive}: how long a handled message id is remembered, expected at least a minute and longer than the topic's duplicate detection window, e.g. 14.00:00:00.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
