using System.Text.Json;
using ChangeFeed.Subscriber;
using ChangeFeed.Subscriber.Handlers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>
/// The sample subscriber, started from .vscode/launch.json against the emulators, passes its start-up validation and
/// reads a session-enabled subscription whose filters let through every event type it handles, locally and in Azure.
/// </summary>
public sealed class Subscriber_launch_settings_reach_its_subscription
{
    private static IHost SubscriberFromLaunchJson()
    {
        using var launch = Repo.Jsonc(Repo.Path(".vscode", "launch.json"));
        var configuration = launch.RootElement.GetProperty("configurations").EnumerateArray()
            .Single(c => c.GetProperty("request").GetString() == "launch" && c.GetProperty("program").GetString()!.Contains("ChangeFeed.Subscriber", StringComparison.Ordinal));
        var environment = configuration.GetProperty("env").EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name.Replace("__", ":", StringComparison.Ordinal), p.Value.GetString()));

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonFile(Repo.Path("src", "ChangeFeed.Subscriber", "appsettings.json"), optional: false);
        builder.Configuration.AddInMemoryCollection(environment);
        builder.Services.AddSubscriberHost(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public void the_subscriber_launched_from_vscode_passes_start_up_validation()
    {
        using var host = SubscriberFromLaunchJson();

        var failure = Record.Exception(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Null(failure);
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        Assert.Equal(SampleSettings.Values()["COSMOS"], configuration["COSMOS"]);
        Assert.Equal(SampleSettings.Values()["SERVICEBUS"], configuration["SERVICEBUS"]);
    }

    [Fact]
    public void the_subscriber_handles_every_type_its_emulator_subscription_lets_through()
    {
        using var host = SubscriberFromLaunchJson();
        var options = host.Services.GetRequiredService<IOptions<SubscriberOptions>>().Value;
        var handled = host.Services.GetServices<IEventTypeHandler>().Select(h => h.EventType).ToList();
        using var config = Repo.Json(Repo.ServiceBusConfigFile);
        var subscription = config.RootElement.GetProperty("UserConfig").GetProperty("Namespaces")[0].GetProperty("Topics").EnumerateArray()
            .Single(t => t.GetProperty("Name").GetString() == options.Topic)
            .GetProperty("Subscriptions").EnumerateArray()
            .Single(s => s.GetProperty("Name").GetString() == options.Subscription);
        var labels = subscription.GetProperty("Rules").EnumerateArray()
            .Select(r => r.GetProperty("Properties").GetProperty("CorrelationFilter").GetProperty("Label").GetString()).ToList();

        // What the subscription lets through is handled (the subscriber also handles other topics' types).
        Assert.NotEmpty(labels);
        Assert.True(subscription.GetProperty("Properties").GetProperty("RequiresSession").GetBoolean());
        Assert.All(labels, type => Assert.Contains(type, handled));
    }

    [Fact]
    public void the_deployed_subscriptions_let_through_every_type_the_subscriber_handles()
    {
        using var host = SubscriberFromLaunchJson();
        var handled = host.Services.GetServices<IEventTypeHandler>().Select(h => h.EventType).ToList();
        var topics = Bicep.Topics();

        // The outbox topic (the subscriber's default) and the event store topic carry the same order events; the change
        // data capture topic the orders' states, which the subscriber keeps newest first.
        Assert.All(handled, type => Assert.Contains(topics.Values, subscriptions => subscriptions["sample-subscriber"].Labels.Contains(type)));
        Assert.All(["orders-events", "orders-stream"], topic =>
            Assert.All(topics[topic]["sample-subscriber"].Labels, type => Assert.Contains(type, handled)));
        Assert.All(topics["orders-cdc"]["sample-subscriber"].Labels, type => Assert.Contains(type, handled));
    }

    [Fact]
    public void the_inbox_container_exists_locally_and_in_azure_with_its_partition_key_and_ttl()
    {
        using var host = SubscriberFromLaunchJson();
        var options = host.Services.GetRequiredService<IOptions<SubscriberOptions>>().Value;
        using var layout = Repo.Json(Repo.ContainersFile);
        var local = layout.RootElement.GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("name").GetString() == options.Container);

        Assert.Equal(layout.RootElement.GetProperty("database").GetString(), options.Database);
        Assert.Equal("/partitionKey", local.GetProperty("partitionKeyPath").GetString());
        Assert.Equal(JsonValueKind.Number, local.GetProperty("defaultTimeToLive").ValueKind);
        Assert.Equal(("/partitionKey", (int?)-1), Bicep.Containers()[options.Container]);
    }
}
