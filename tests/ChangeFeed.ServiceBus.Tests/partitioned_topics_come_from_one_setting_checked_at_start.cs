using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static ChangeFeed.ServiceBus.Tests.TestEvents;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>SERVICEBUS_PARTITIONED_TOPICS: * or a list of topic names (entity names ignore case), checked by name.</summary>
public sealed class partitioned_topics_come_from_one_setting_checked_at_start
{
    [Theory]
    [InlineData(null, "orders-cdc", false)]
    [InlineData("", "orders-cdc", false)]
    [InlineData("*", "anything", true)]
    [InlineData(" * ", "anything", true)]
    [InlineData("orders-cdc, orders-events", "Orders-Events", true)]
    [InlineData("orders-cdc,orders-events", "orders-stream", false)]
    public void the_setting_names_the_partitioned_topics(string? value, string topic, bool partitioned)
    {
        var topics = PartitionedTopics.From(Configuration(value));

        Assert.Equal(partitioned, topics.Contains(topic));
        Assert.Empty(PartitionedTopics.Errors(Configuration(value)));
    }

    [Theory]
    [InlineData("*,orders-cdc", "SERVICEBUS_PARTITIONED_TOPICS '*,orders-cdc' mixes * with topic names")]
    [InlineData("orders-cdc,-bad-", "SERVICEBUS_PARTITIONED_TOPICS names '-bad-', which is not a Service Bus topic name")]
    [InlineData("orders cdc", "SERVICEBUS_PARTITIONED_TOPICS names 'orders cdc', which is not a Service Bus topic name")]
    public void a_value_that_names_no_topics_is_refused_by_name_with_an_example(string value, string expected)
    {
        var error = Assert.Single(PartitionedTopics.Errors(Configuration(value)));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Contains("e.g. orders-cdc,orders-events", error, StringComparison.Ordinal);
        Assert.Equal(error, Assert.Throws<InvalidOperationException>(() => PartitionedTopics.From(Configuration(value))).Message);
    }

    [Fact]
    public async Task the_registered_publisher_reads_the_setting()
    {
        var client = new FakeServiceBusClient();
        await using var provider = new ServiceCollection()
            .AddSingleton<ServiceBusClient>(client)
            .AddServiceBusPublisher(Configuration("partitioned"))
            .BuildServiceProvider();
        var publisher = provider.GetRequiredService<ServiceBusPublisher>();

        await publisher.PublishAsync([Event(1, "partitioned", "a", 10), Event(2, "partitioned", "b", 10), Event(3, "plain", "a", 10), Event(4, "plain", "b", 10)], CancellationToken.None);

        Assert.Equal(2, client.Senders["partitioned"].Batches.Count);
        Assert.Single(client.Senders["plain"].Batches);
    }

    private static IConfiguration Configuration(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection([new(PartitionedTopics.Setting, value)]).Build();
}
