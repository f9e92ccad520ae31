using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Host.Checks;

/// <summary>How a connection section signs in, as <c>check</c> reports it and chooses its advice.</summary>
public sealed record Credentials(bool UsesKey, string Description)
{
    /// <summary>Reads the section the way the clients do: a connection string, else the endpoint with the described credential.</summary>
    public static Credentials Of(IConfiguration configuration, string section)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[section] is { Length: > 0 })
            return new(true, $"a key, from the connection string in {section}");

        var clientId = configuration[$"{section}:clientId"];
        return configuration[$"{section}:credential"] switch
        {
            { } credential when credential.Equals("managedidentity", StringComparison.OrdinalIgnoreCase) =>
                new(false, clientId is { Length: > 0 } ? $"managed identity {clientId}" : "the system-assigned managed identity"),
            { Length: > 0 } credential => new(false, $"credential '{credential}'"),
            _ => new(false, "DefaultAzureCredential (az login, environment, managed identity)"),
        };
    }
}
