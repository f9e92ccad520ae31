using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Host.Configuration;

/// <summary>Refuses to start without the connections and containers the processors need, each named as an app setting.</summary>
public sealed class RequiredSettingsValidator(IConfiguration configuration) : IValidateOptions<ProcessorHostOptions>
{
    public ValidateOptionsResult Validate(string? name, ProcessorHostOptions options)
    {
        var errors = new List<string>();
        if (!HasConnection(HostSettings.Cosmos, "accountEndpoint"))
        {
            errors.Add("COSMOS__accountEndpoint or COSMOS is required: the Cosmos DB account endpoint (with COSMOS__credential=managedidentity "
                + "and, for a user-assigned identity, COSMOS__clientId), or locally a connection string in COSMOS.");
        }

        if (!HasConnection(HostSettings.ServiceBus, "fullyQualifiedNamespace"))
        {
            errors.Add("SERVICEBUS__fullyQualifiedNamespace or SERVICEBUS is required: the Service Bus namespace host name (with "
                + "SERVICEBUS__credential=managedidentity and, for a user-assigned identity, SERVICEBUS__clientId), or locally a connection string in SERVICEBUS.");
        }

        if (string.IsNullOrWhiteSpace(configuration[HostSettings.CosmosDatabase]))
            errors.Add($"{HostSettings.CosmosDatabase} is required: the Cosmos DB database of the lease and parking containers.");
        if (string.IsNullOrWhiteSpace(configuration[HostSettings.LeasesContainer]))
            errors.Add($"{HostSettings.LeasesContainer} is required: the lease container (partition key /id) the change feed processors keep their positions in.");
        if (configuration[HostSettings.ParkedTimeToLive] is { Length: > 0 } ttl && !TimeSpan.TryParse(ttl, System.Globalization.CultureInfo.InvariantCulture, out _))
            errors.Add($"{HostSettings.ParkedTimeToLive} '{ttl}' is not a time span: expected e.g. 14.00:00:00.");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private bool HasConnection(string name, string endpointKey) =>
        !string.IsNullOrWhiteSpace(configuration[name]) || !string.IsNullOrWhiteSpace(configuration[$"{name}:{endpointKey}"]);
}
