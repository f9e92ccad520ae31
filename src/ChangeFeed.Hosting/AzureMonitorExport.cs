using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;

namespace ChangeFeed.Hosting;

/// <summary>Exports traces and metrics to Application Insights when it is configured, signing in with the app's identity where local authentication is off.</summary>
public static class AzureMonitorExport
{
    public static IOpenTelemetryBuilder UseAzureMonitorWhenConfigured(this IOpenTelemetryBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[RelaySettings.ApplicationInsightsConnectionString] is not { Length: > 0 } connectionString)
            return builder;

        var credential = Credential(configuration[RelaySettings.ApplicationInsightsAuthentication]);
        return builder.UseAzureMonitorExporter(options =>
        {
            options.ConnectionString = connectionString;
            if (credential is not null)
                options.Credential = credential;
        });
    }

    /// <summary>
    /// The credential for Application Insights when local authentication is off:
    /// <c>Authorization=AAD</c> (system-assigned identity) or <c>Authorization=AAD;ClientId=&lt;id&gt;</c> (user-assigned).
    /// </summary>
    public static TokenCredential? Credential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
            return null;

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
            return null;

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
