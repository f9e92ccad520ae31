using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Functions.Tests;

public sealed class configuration_errors_refuse_to_start
{
    [Theory]
    [InlineData("COSMOS__accountEndpoint", "COSMOS__accountEndpoint or COSMOS is required")]
    [InlineData("SERVICEBUS__fullyQualifiedNamespace", "SERVICEBUS__fullyQualifiedNamespace or SERVICEBUS is required")]
    [InlineData("ORDERS_CONTAINER", "ORDERS_CONTAINER is required: the Cosmos DB trigger of function RelayDocumentChanges")]
    [InlineData("COSMOS_LEASES_CONTAINER", "COSMOS_LEASES_CONTAINER is required")]
    [InlineData("COSMOS_DATABASE", "COSMOS_DATABASE is required")]
    [InlineData("OUTBOX_CONTAINER", "OUTBOX_CONTAINER is required: the Cosmos DB trigger of function RelayOutbox")]
    [InlineData("EVENTS_CONTAINER", "EVENTS_CONTAINER is required: the Cosmos DB trigger of function RelayEventStore")]
    public async Task a_missing_setting_stops_the_host_with_its_name(string missing, string message)
    {
        var settings = TestSettings.Valid();
        settings.Remove(missing);
        using var host = TestSettings.FunctionApp(settings);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(CancellationToken.None));

        Assert.Contains(ValidationFailures(failure), failed => failed.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("outbox")]
    [InlineData("eventstore")]
    public async Task a_relay_function_whose_route_is_not_configured_stops_the_host(string route)
    {
        var settings = TestSettings.Valid();
        foreach (var key in settings.Keys.Where(key => key.StartsWith($"ChangeFeed__Routes__{route}__", StringComparison.Ordinal)).ToArray())
            settings.Remove(key);
        using var host = TestSettings.FunctionApp(settings);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(CancellationToken.None));

        Assert.Contains(ValidationFailures(failure), failed => failed.StartsWith($"ChangeFeed__Routes__{route}__* is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_route_asking_for_a_claim_check_without_a_blob_endpoint_stops_the_host_naming_both_settings()
    {
        var settings = TestSettings.Valid();
        settings.Remove("CLAIMCHECK__serviceUri");
        settings["ChangeFeed__Routes__outbox__LargeEvents"] = "claimcheck";
        using var host = TestSettings.FunctionApp(settings);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(CancellationToken.None));

        Assert.Contains(ValidationFailures(failure), failed =>
            failed.StartsWith("ChangeFeed:Routes:outbox:LargeEvents is claimcheck, but no claim check store is configured", StringComparison.Ordinal)
            && failed.Contains("CLAIMCHECK__serviceUri or CLAIMCHECK is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CLAIMCHECK_CONTAINER", "Large_Events", "CLAIMCHECK_CONTAINER 'Large_Events' is not a blob container name")]
    [InlineData("CLAIMCHECK__serviceUri", "stlarge.blob.core.windows.net", "CLAIMCHECK__serviceUri 'stlarge.blob.core.windows.net' is not a blob service URI")]
    [InlineData("ChangeFeed__Routes__orders__LargeEvents", "drop", "ChangeFeed:Routes:orders:LargeEvents 'drop' is not a way to handle large events")]
    public async Task a_bad_claim_check_setting_stops_the_host_with_its_name(string setting, string value, string message)
    {
        var settings = TestSettings.Valid();
        settings[setting] = value;
        using var host = TestSettings.FunctionApp(settings);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(CancellationToken.None));

        Assert.Contains(ValidationFailures(failure), failed => failed.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task both_connections_missing_are_reported_together()
    {
        var settings = TestSettings.Valid();
        foreach (var key in settings.Keys.Where(key => key.StartsWith("COSMOS__", StringComparison.Ordinal) || key.StartsWith("SERVICEBUS__", StringComparison.Ordinal)).ToArray())
            settings.Remove(key);
        using var host = TestSettings.FunctionApp(settings);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(CancellationToken.None));

        var failures = ValidationFailures(failure);
        Assert.Contains(failures, failed => failed.StartsWith("COSMOS__accountEndpoint or COSMOS is required", StringComparison.Ordinal));
        Assert.Contains(failures, failed => failed.StartsWith("SERVICEBUS__fullyQualifiedNamespace or SERVICEBUS is required", StringComparison.Ordinal));
    }

    [Fact]
    public void connection_strings_satisfy_the_connection_settings()
    {
        using var host = TestSettings.FunctionApp(TestSettings.Emulators());

        var result = new ChangeFeed.Hosting.RelayAppSettingsValidator(host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>())
            .Validate(null, new ChangeFeed.Hosting.RelayAppSettings());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    /// <summary>The messages of the options validation failures (one exception, or several in an AggregateException).</summary>
    private static IReadOnlyList<string> ValidationFailures(Exception failure)
    {
        var exceptions = failure is AggregateException aggregate ? aggregate.InnerExceptions : [failure];
        Assert.All(exceptions, exception => Assert.IsType<OptionsValidationException>(exception));
        return exceptions.Cast<OptionsValidationException>().SelectMany(exception => exception.Failures).ToList();
    }
}
