using ChangeFeed.BlobStorage;
using ChangeFeed.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Hosting;

/// <summary>
/// Refuses, when the host starts, claim check settings that cannot work and a route whose <c>LargeEvents</c> asks for
/// a claim check where no blob endpoint is configured (without one, large events of other routes are parked).
/// </summary>
public sealed class ClaimCheckSettingsValidator(IConfiguration configuration) : IValidateOptions<ChangeFeedOptions>
{
    public ValidateOptionsResult Validate(string? name, ChangeFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(ClaimCheckConnection.Errors(configuration));
        if (!ClaimCheckConnection.IsConfigured(configuration))
        {
            foreach (var (route, value) in options.Routes)
            {
                if (string.Equals(value?.LargeEvents?.Trim(), "claimcheck", StringComparison.OrdinalIgnoreCase))
                    errors.Add($"{ChangeFeedOptions.SectionName}:Routes:{route}:LargeEvents is claimcheck, but no claim check store is configured. {ClaimCheckConnection.Missing}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
