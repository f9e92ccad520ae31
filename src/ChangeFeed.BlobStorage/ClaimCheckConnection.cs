using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.BlobStorage;

/// <summary>
/// The settings of the claim check store, read alike by the relay and by subscribers: the <c>CLAIMCHECK</c> section
/// (<c>CLAIMCHECK__serviceUri</c> with <c>__credential=managedidentity</c> and <c>__clientId</c> in Azure, or locally
/// a connection string such as <c>UseDevelopmentStorage=true</c>) and the container in <c>CLAIMCHECK_CONTAINER</c>.
/// </summary>
public static partial class ClaimCheckConnection
{
    /// <summary>The Blob Storage connection section.</summary>
    public const string Section = "CLAIMCHECK";

    /// <summary>The name of the <see cref="Azure.Storage.Blobs.BlobServiceClient"/> registered for the claim check (Microsoft.Extensions.Azure).</summary>
    public const string ClientName = "claimcheck";

    /// <summary>The container of the claim-checked data.</summary>
    public const string ContainerSetting = "CLAIMCHECK_CONTAINER";

    /// <summary>The container when <see cref="ContainerSetting"/> is not set (the one the Bicep creates).</summary>
    public const string DefaultContainer = "large-events";

    /// <summary>Whether a blob endpoint is configured: a connection string in <c>CLAIMCHECK</c> or <c>CLAIMCHECK__serviceUri</c>.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[Section]) || !string.IsNullOrWhiteSpace(configuration[$"{Section}:serviceUri"]);
    }

    /// <summary>The container name configured, or the default.</summary>
    public static string Container(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[ContainerSetting] is { Length: > 0 } name ? name.Trim() : DefaultContainer;
    }

    /// <summary>What is wrong with the claim check settings, named as app settings; empty when nothing is.</summary>
    public static IReadOnlyList<string> Errors(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        if (configuration[$"{Section}:serviceUri"] is { Length: > 0 } uri
            && (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http")))
        {
            errors.Add($"{Section}__serviceUri '{uri}' is not a blob service URI: expected e.g. https://<account>.blob.core.windows.net/.");
        }

        if (!ContainerName().IsMatch(Container(configuration)))
        {
            errors.Add($"{ContainerSetting} '{configuration[ContainerSetting]}' is not a blob container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.");
        }

        return errors;
    }

    /// <summary>The message for a claim check that is asked for but not configured, naming the settings.</summary>
    public static string Missing =>
        $"{Section}__serviceUri or {Section} is required: the Blob Storage endpoint of the claim check (with {Section}__credential=managedidentity "
        + $"and, for a user-assigned identity, {Section}__clientId), or locally a connection string in {Section} (UseDevelopmentStorage=true for Azurite); "
        + $"the container is {ContainerSetting} (default {DefaultContainer}).";

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerName();
}
