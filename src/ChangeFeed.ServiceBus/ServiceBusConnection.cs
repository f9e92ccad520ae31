using Microsoft.Extensions.Configuration;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// The <c>SERVICEBUS</c> section every host reads with <c>AddAzureClients(b => b.AddServiceBusClient(section))</c>: a
/// connection string (the emulator) or <c>SERVICEBUS__fullyQualifiedNamespace</c> with managed identity in Azure.
/// </summary>
public static class ServiceBusConnection
{
    /// <summary>What is missing, named as app settings; null when nothing is.</summary>
    public static string? MissingSetting(IConfiguration configuration, string name = "SERVICEBUS")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[name]) || !string.IsNullOrWhiteSpace(configuration[$"{name}:fullyQualifiedNamespace"])
            ? null
            : $"{name}__fullyQualifiedNamespace or {name} is required: the Service Bus namespace, e.g. {name}__fullyQualifiedNamespace=sb-contoso.servicebus.windows.net "
                + $"with {name}__credential=managedidentity (and {name}__clientId for a user-assigned identity), or locally a connection string in {name}.";
    }
}
