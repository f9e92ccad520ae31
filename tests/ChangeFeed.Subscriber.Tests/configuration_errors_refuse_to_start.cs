using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Subscriber.Tests;

public class configuration_errors_refuse_to_start
{
    private static Dictionary<string, string?> Valid() => new()
    {
        ["SERVICEBUS"] = "Endpoint=sb://127.0.0.1:9;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;",
        ["COSMOS"] = "AccountEndpoint=https://127.0.0.1:9/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;",
        ["Subscriber:Topic"] = "orders-events",
        ["Subscriber:Subscription"] = "sample-subscriber",
        ["Subscriber:Database"] = "changefeed",
    };

    [Theory]
    [InlineData("SERVICEBUS", null, "SERVICEBUS__fullyQualifiedNamespace or SERVICEBUS is required")]
    [InlineData("COSMOS", null, "COSMOS__accountEndpoint or COSMOS is required")]
    [InlineData("Subscriber:Topic", null, "Subscriber:Topic is required")]
    [InlineData("Subscriber:Subscription", "", "Subscriber:Subscription is required")]
    [InlineData("Subscriber:Database", null, "Subscriber:Database is required")]
    [InlineData("Subscriber:MaxDeliveryAttempts", "0", "Subscriber:MaxDeliveryAttempts is 0: attempts before a failing message is dead-lettered, expected 1 to 100")]
    [InlineData("Subscriber:MaxConcurrentSessions", "5000", "Subscriber:MaxConcurrentSessions is 5000: sessions (entities) handled at once, expected 1 to 1000")]
    [InlineData("Subscriber:InboxTimeToLive", "00:00:10", "Subscriber:InboxTimeToLive is 00:00:10: how long a handled message id is remembered, expected at least a minute")]
    [InlineData("Subscriber:MaxConcurrentSessions", "lots", "Subscriber:MaxConcurrentSessions 'lots' is not a whole number: expected e.g. 8 (the default).")]
    [InlineData("Subscriber:Topik", "orders-events", "Subscriber:Topik is not a setting: expected one of Container, Database,")]
    [InlineData("CLAIMCHECK_CONTAINER", "Large_Events", "CLAIMCHECK_CONTAINER 'Large_Events' is not a blob container name")]
    [InlineData("CLAIMCHECK:serviceUri", "stlarge", "CLAIMCHECK__serviceUri 'stlarge' is not a blob service URI")]
    public async Task A_missing_or_invalid_setting_stops_the_subscriber_with_its_name(string key, string? value, string message)
    {
        var settings = Valid();
        settings[key] = value;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSubscriberHost(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, failure => failure.StartsWith(message, StringComparison.Ordinal));
    }
}
