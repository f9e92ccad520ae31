using ChangeFeed.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Host.Configuration;

/// <summary>Binds the <c>Host</c> section and records what is not a setting or not a value of its type, so that a typo stops the host by name.</summary>
internal static class ProcessorHostBinding
{
    public static void Bind(IConfiguration configuration, ProcessorHostOptions options) =>
        options.BindingErrors.AddRange(SettingsBinding.Bind(configuration.GetSection(ProcessorHostOptions.SectionName), options));
}
