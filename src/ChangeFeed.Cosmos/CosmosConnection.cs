using ChangeFeed.Configuration;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Cosmos;

/// <summary>
/// The <see cref="CosmosClient"/> every host builds from its <c>COSMOS</c> section, read the way the Functions host
/// reads the trigger's connection: a connection string (the emulator) or <c>COSMOS__accountEndpoint</c> with the
/// credential the section describes (<c>credential=managedidentity</c>, <c>clientId</c>). No keys in Azure.
/// </summary>
public static class CosmosConnection
{
    /// <summary>What is missing for <see cref="CreateClient"/> to work, named as app settings; null when nothing is.</summary>
    public static string? MissingSetting(IConfiguration configuration, string name = "COSMOS")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[name]) || !string.IsNullOrWhiteSpace(configuration[$"{name}:accountEndpoint"])
            ? null
            : $"{name}__accountEndpoint or {name} is required: the Cosmos DB account, e.g. {name}__accountEndpoint=https://cosmos-contoso.documents.azure.com:443/ "
                + $"with {name}__credential=managedidentity (and {name}__clientId for a user-assigned identity), or locally a connection string in {name}.";
    }

    /// <summary>
    /// What is wrong with the form of the connection (a connection string without an endpoint or with a key that is not
    /// base64, an endpoint that is not an https address), named as the app setting and without echoing the key; null when
    /// the form is right. Checked with the other settings, so that a malformed value is a configuration error (exit 4)
    /// rather than the client's exception.
    /// </summary>
    public static string? InvalidSetting(IConfiguration configuration, string name = "COSMOS")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        const string Example = "e.g. AccountEndpoint=https://localhost:8081/;AccountKey=<the emulator's published key>; for the emulator";
        if (configuration[name] is { Length: > 0 } connectionString)
        {
            var parts = ConnectionStringParts.Parse(connectionString);
            if (parts is null)
                return $"{name} is not a Cosmos DB connection string (expected Key=value pairs separated by ';'): the account to connect to, {Example}, or {name}__accountEndpoint with an identity.";
            if (!parts.TryGetValue("AccountEndpoint", out var endpoint) || !IsHttpAddress(endpoint))
                return $"{name} has no AccountEndpoint=https://HOST:PORT/ in its connection string: the account to connect to, {Example}.";
            if (!parts.TryGetValue("AccountKey", out var key) || !IsBase64(key))
                return $"{name} has {(parts.ContainsKey("AccountKey") ? "an AccountKey that is not base64" : "no AccountKey")} in its connection string: the account's key, {Example} (or {name}__accountEndpoint with an identity, no key).";
            return null;
        }

        return configuration[$"{name}:accountEndpoint"] is { Length: > 0 } address && !IsHttpAddress(address)
            ? $"{name}:accountEndpoint '{address}' is not an https address: the Cosmos DB account, e.g. https://cosmos-contoso.documents.azure.com:443/."
            : null;
    }

    /// <summary>The account's address as the client will reach it (HTTPS), or null when the section names none.</summary>
    public static Uri? Address(IConfiguration configuration, string name = "COSMOS")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[name] is { Length: > 0 } connectionString
            ? ConnectionStringParts.Parse(connectionString)?.GetValueOrDefault("AccountEndpoint")
            : configuration[$"{name}:accountEndpoint"];
        return text is not null && IsHttpAddress(text) ? new Uri(text) : null;
    }

    private static bool IsHttpAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;

    private static bool IsBase64(string text) =>
        text.Length > 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);

    public static CosmosClient CreateClient(IConfigurationSection section, AzureComponentFactory factory, string applicationName)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(factory);
        var options = new CosmosClientOptions { ApplicationName = applicationName, Serializer = new CosmosDocumentSerializer() };
        if (section.Value is { Length: > 0 } connectionString)
        {
            // The emulator answers through its gateway only.
            if (connectionString.Contains("localhost", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("127.0.0.1", StringComparison.Ordinal))
                options.ConnectionMode = ConnectionMode.Gateway;
            return new CosmosClient(connectionString, options);
        }

        var endpoint = section["accountEndpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
            throw new InvalidOperationException($"{section.Path}__accountEndpoint or {section.Path} is required: the Cosmos DB account endpoint, or locally a connection string.");
        return new CosmosClient(endpoint, factory.CreateTokenCredential(section), options);
    }
}
