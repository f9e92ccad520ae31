using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ChangeFeed.Hosting;

namespace ChangeFeed.Host.Configuration;

/// <summary>
/// Refuses to start the change feed processors without their lease container, named as the app setting. The settings
/// every relay host needs (connections, database, parking) are checked by <see cref="RelayAppSettingsValidator"/>.
/// </summary>
public sealed class RequiredSettingsValidator(IConfiguration configuration) : IValidateOptions<ProcessorHostOptions>
{
    public ValidateOptionsResult Validate(string? name, ProcessorHostOptions options) =>
        string.IsNullOrWhiteSpace(configuration[RelaySettings.LeasesContainer])
            ? ValidateOptionsResult.Fail($"{RelaySettings.LeasesContainer} is required: the lease container (partition key /id) the change feed processors keep their positions in, e.g. leases.")
            : ValidateOptionsResult.Success;
}
