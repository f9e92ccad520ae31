using System.Globalization;
using ChangeFeed.Cosmos;
using ChangeFeed.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Hosting;

/// <summary>The app settings every relay host needs besides its routes: checked when the host starts (ValidateOnStart).</summary>
public sealed class RelayAppSettings
{
}

/// <summary>
/// Refuses to start without the Cosmos DB and Service Bus connections, the database of the lease and parking containers,
/// or with a parking time to live that is not a time span or partitioned topics that are not topic names; each message
/// names the app setting, says what it is for and gives an example.
/// </summary>
public sealed class RelayAppSettingsValidator(IConfiguration configuration) : IValidateOptions<RelayAppSettings>
{
    public ValidateOptionsResult Validate(string? name, RelayAppSettings options)
    {
        var errors = new List<string>();
        if ((CosmosConnection.MissingSetting(configuration) ?? CosmosConnection.InvalidSetting(configuration)) is { } cosmos)
            errors.Add(cosmos);
        if ((ServiceBusConnection.MissingSetting(configuration) ?? ServiceBusConnection.InvalidSetting(configuration)) is { } serviceBus)
            errors.Add(serviceBus);
        errors.AddRange(PartitionedTopics.Errors(configuration));
        if (string.IsNullOrWhiteSpace(configuration[RelaySettings.CosmosDatabase]))
            errors.Add($"{RelaySettings.CosmosDatabase} is required: the Cosmos DB database of the lease and parking containers, e.g. changefeed.");
        if (configuration[RelaySettings.ParkedContainer] is { Length: > 0 } parked && parked.IndexOfAny(['/', '\\', '#', '?']) >= 0)
            errors.Add($"{RelaySettings.ParkedContainer} '{parked}' is not a Cosmos DB container name: the container parked changes are kept in (partition key /sourceContainer), e.g. parked.");
        if (configuration[RelaySettings.ParkedTimeToLive] is { Length: > 0 } ttl
            && (!TimeSpan.TryParse(ttl, CultureInfo.InvariantCulture, out var timeToLive) || timeToLive < TimeSpan.FromSeconds(1)))
            errors.Add($"{RelaySettings.ParkedTimeToLive} '{ttl}' is not a time span of a second or more: how long parked changes are kept, e.g. 14.00:00:00 (14 days, the default).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
