using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ChangeFeed.Hosting;

namespace ChangeFeed.Host.Configuration;

/// <summary>Refuses to start without the connections and containers the processors need, each named as an app setting.</summary>
public sealed class RequiredSettingsValidator(IConfiguration configuration) : IValidateOptions<ProcessorHostOptions>
{
    public ValidateOptionsResult Validate(string? name, ProcessorHostOptions options)
    {
        var errors = RelayErrors(configuration);
        if (string.IsNullOrWhiteSpace(configuration[RelaySettings.LeasesContainer]))
            errors.Add($"{RelaySettings.LeasesContainer} is required: the lease container (partition key /id) the change feed processors keep their positions in.");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>What the relay itself needs (connections, database, parking time to live): also checked by the parked-changes command.</summary>
    public static List<string> RelayErrors(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        if (ChangeFeed.Cosmos.CosmosConnection.MissingSetting(configuration) is { } cosmos)
            errors.Add(cosmos);
        if (ChangeFeed.ServiceBus.ServiceBusConnection.MissingSetting(configuration) is { } serviceBus)
            errors.Add(serviceBus);

        if (string.IsNullOrWhiteSpace(configuration[RelaySettings.CosmosDatabase]))
            errors.Add($"{RelaySettings.CosmosDatabase} is required: the Cosmos DB database of the lease and parking containers.");
        if (configuration[RelaySettings.ParkedTimeToLive] is { Length: > 0 } ttl && !TimeSpan.TryParse(ttl, System.Globalization.CultureInfo.InvariantCulture, out _))
            errors.Add($"{RelaySettings.ParkedTimeToLive} '{ttl}' is not a time span: expected e.g. 14.00:00:00.");
        return errors;
    }

}
