using System.Reflection;
using ChangeFeed.Configuration;
using ChangeFeed.Functions;
using ChangeFeed.Functions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ChangeFeed.Hosting;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>
/// local.settings.sample.json holds every setting the Function App reads, with emulator values, and nothing else:
/// a copy of it in src/ChangeFeed.Functions starts the app (nothing missing, nothing misspelt).
/// </summary>
public sealed class Sample_settings_are_exactly_what_the_function_app_reads
{
    // Read by the Functions host / Core Tools, not by the app's code.
    private static readonly string[] HostSettings = ["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME"];

    // Optional: telemetry goes to Application Insights only when set; locally it is not.
    private static readonly string[] OptionalAppSettings = [RelaySettings.ApplicationInsightsConnectionString, RelaySettings.ApplicationInsightsAuthentication];

    private readonly Dictionary<string, string> values = SampleSettings.Values();

    public static TheoryData<string> RequiredAppSettings() =>
        [.. AppSettingNames().Except(OptionalAppSettings)];

    public static TheoryData<string> TriggerSettings() =>
        [.. RequiredAppSettingsValidator.TriggerSettings().Select(t => t.Setting).Distinct()];

    public static TheoryData<string> RouteNames() => [.. Routes.All];

    [Theory]
    [MemberData(nameof(RequiredAppSettings))]
    public void sample_has_every_app_setting_the_code_names(string setting) =>
        Assert.False(string.IsNullOrWhiteSpace(values.GetValueOrDefault(setting)), $"{setting} is missing from local.settings.sample.json");

    [Fact]
    public void connections_are_emulator_connection_strings()
    {
        Assert.Equal($"AccountEndpoint=https://localhost:8081/;AccountKey={SampleSettings.CosmosEmulatorKey};", values[RelaySettings.Cosmos]);
        Assert.Equal(
            $"Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={SampleSettings.ServiceBusEmulatorKey};UseDevelopmentEmulator=true;",
            values[RelaySettings.ServiceBus]);
        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]);
        Assert.Equal("UseDevelopmentStorage=true", values[RelaySettings.ClaimCheck]);
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.DoesNotContain(values.Keys, key => key.StartsWith($"{RelaySettings.Cosmos}__", StringComparison.Ordinal) || key.StartsWith($"{RelaySettings.ServiceBus}__", StringComparison.Ordinal)
            || key.StartsWith($"{RelaySettings.ClaimCheck}__", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TriggerSettings))]
    public void sample_has_every_setting_a_trigger_names(string setting) =>
        Assert.False(string.IsNullOrWhiteSpace(values.GetValueOrDefault(setting)), $"%{setting}% of a Cosmos DB trigger is missing from local.settings.sample.json");

    [Theory]
    [MemberData(nameof(RouteNames))]
    public void sample_configures_every_route_a_function_uses(string route) =>
        Assert.Contains(values.Keys, key => key.StartsWith($"ChangeFeed__Routes__{route}__", StringComparison.Ordinal));

    [Fact]
    public void the_function_app_built_from_the_sample_passes_start_up_validation()
    {
        using var host = SampleSettings.FunctionApp(values);

        var failure = Record.Exception(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(failure is null, $"Start-up validation refused the sample:\n{Describe(failure)}");
        Assert.Equal(Routes.All.Order(StringComparer.Ordinal), host.Services.GetRequiredService<IOptions<ChangeFeedOptions>>().Value.Routes.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ORDERS_CONTAINER")]
    [InlineData("COSMOS")]
    [InlineData("ChangeFeed__Routes__outbox__Topic")]
    public void start_up_validation_would_catch_a_missing_sample_setting(string setting)
    {
        // Guards the test above: the validation it relies on does refuse an incomplete sample.
        var incomplete = new Dictionary<string, string>(values);
        Assert.True(incomplete.Remove(setting));
        using var host = SampleSettings.FunctionApp(incomplete);

        var failure = Record.Exception(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        // One failing options type throws OptionsValidationException; several, an AggregateException of them.
        Assert.NotNull(failure);
        Assert.All(failure is AggregateException aggregate ? aggregate.InnerExceptions : [failure], e => Assert.IsType<OptionsValidationException>(e));
    }

    [Fact]
    public void sample_holds_no_setting_the_code_does_not_read()
    {
        var known = HostSettings
            .Concat(AppSettingNames())
            .Concat(RequiredAppSettingsValidator.TriggerSettings().Select(t => t.Setting))
            .Concat(PropertyNames(typeof(ChangeFeedOptions)).Where(p => p != nameof(ChangeFeedOptions.Routes)).Select(p => $"ChangeFeed__{p}"))
            .Concat(Routes.All.SelectMany(route => PropertyNames(typeof(RouteOptions)).Select(p => $"ChangeFeed__Routes__{route}__{p}")))
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(values.Keys, key => Assert.True(known.Contains(key), $"{key} is not a setting the Function App reads"));
    }

    [Fact]
    public void sample_is_plain_json_in_the_shape_core_tools_reads()
    {
        // No comments, no trailing commas: Core Tools parses local.settings.json strictly.
        using var document = Repo.Json(Repo.SampleSettingsFile);

        Assert.Equal(["IsEncrypted", "Values"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.False(document.RootElement.GetProperty("IsEncrypted").GetBoolean());
        Assert.All(document.RootElement.GetProperty("Values").EnumerateObject(), p => Assert.Equal(System.Text.Json.JsonValueKind.String, p.Value.ValueKind));
    }

    [Fact]
    public void sample_holds_no_secret_but_the_published_emulator_keys()
    {
        var text = File.ReadAllText(Repo.SampleSettingsFile)
            .Replace($"AccountKey={SampleSettings.CosmosEmulatorKey}", string.Empty, StringComparison.Ordinal)
            .Replace($"SharedAccessKey={SampleSettings.ServiceBusEmulatorKey}", string.Empty, StringComparison.Ordinal);

        Assert.All(
            ["AccountKey", "SharedAccessKey=", "SharedAccessSignature", "sig=", "InstrumentationKey", "Password", "ClientSecret", "DefaultEndpointsProtocol"],
            marker => Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase));
        Assert.All(values.Values, value => Assert.DoesNotContain("windows.net", value, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void sample_routes_are_the_routes_azure_runs()
    {
        // Locally the relay behaves as deployed: same routes, containers and topics (only connections differ).
        var deployed = Bicep.AppSettings()
            .Where(p => p.Key.StartsWith("ChangeFeed__Routes__", StringComparison.Ordinal) || p.Key is "COSMOS_DATABASE" or "COSMOS_PARKED_TTL" || p.Key.EndsWith("_CONTAINER", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var local = values
            .Where(p => deployed.ContainsKey(p.Key) || p.Key.StartsWith("ChangeFeed__Routes__", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        Assert.NotEmpty(deployed);
        Assert.Equal(deployed.OrderBy(p => p.Key, StringComparer.Ordinal), local.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private static IEnumerable<string> AppSettingNames() =>
        typeof(RelaySettings).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static IEnumerable<string> PropertyNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);

    private static string Describe(Exception? failure) => failure switch
    {
        null => string.Empty,
        OptionsValidationException options => string.Join('\n', options.Failures),
        AggregateException aggregate => string.Join('\n', aggregate.InnerExceptions.Select(Describe)),
        _ => failure.ToString(),
    };
}
