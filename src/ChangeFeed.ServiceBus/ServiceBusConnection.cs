using ChangeFeed.Configuration;
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

    /// <summary>
    /// What is wrong with the form of the connection (a connection string without an sb:// endpoint or without a key
    /// or signature, a namespace that is not a host name), named as the app setting and without echoing the key; null
    /// when the form is right.
    /// </summary>
    public static string? InvalidSetting(IConfiguration configuration, string name = "SERVICEBUS")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        const string Example = "e.g. Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true; for the emulator";
        if (configuration[name] is { Length: > 0 } connectionString)
        {
            var parts = ConnectionStringParts.Parse(connectionString);
            if (parts is null)
                return $"{name} is not a Service Bus connection string (expected Key=value pairs separated by ';'): the namespace to connect to, {Example}, or {name}__fullyQualifiedNamespace with an identity.";
            if (!parts.TryGetValue("Endpoint", out var endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
                return $"{name} has no Endpoint=sb://HOST in its connection string: the namespace to connect to, {Example}.";
            if (!parts.ContainsKey("SharedAccessSignature") && !(parts.ContainsKey("SharedAccessKeyName") && parts.TryGetValue("SharedAccessKey", out var key) && key.Length > 0))
                return $"{name} has no SharedAccessKeyName and SharedAccessKey (or SharedAccessSignature) in its connection string: how to sign in, {Example}.";
            return null;
        }

        return configuration[$"{name}:fullyQualifiedNamespace"] is { Length: > 0 } host && Uri.CheckHostName(host) == UriHostNameType.Unknown
            ? $"{name}:fullyQualifiedNamespace '{host}' is not a host name: the Service Bus namespace, e.g. sb-contoso.servicebus.windows.net."
            : null;
    }

    /// <summary>
    /// Where the client will connect: the host, and the port of its protocol (AMQP on 5672 without TLS for a connection
    /// string with <c>UseDevelopmentEmulator=true</c> unless the endpoint names a port, AMQP over TLS on 5671 otherwise);
    /// null when the section names none.
    /// </summary>
    public static (string Host, int Port, string Protocol)? Address(IConfiguration configuration, string name = "SERVICEBUS")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[name] is not { Length: > 0 } connectionString)
            return configuration[$"{name}:fullyQualifiedNamespace"] is { Length: > 0 } host && Uri.CheckHostName(host) != UriHostNameType.Unknown
                ? (host, 5671, "AMQP over TLS")
                : null;

        var parts = ConnectionStringParts.Parse(connectionString);
        if (parts?.GetValueOrDefault("Endpoint") is not { } endpoint || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return null;
        var emulator = parts.TryGetValue("UseDevelopmentEmulator", out var flag) && bool.TryParse(flag, out var on) && on;
        return emulator
            ? (uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 5672 : uri.Port, "AMQP")
            : (uri.Host, 5671, "AMQP over TLS");
    }
}
