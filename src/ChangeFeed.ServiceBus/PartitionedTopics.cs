using ChangeFeed.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// The topics that are partitioned Service Bus entities: Standard topics created with partitioning, or every topic of a
/// Premium namespace created with partitions. Such an entity refuses a batch whose messages carry different partition
/// keys, and the partition key of a message with a session id is its session id, so the publisher gives each batch one
/// session there. A data-plane identity cannot read an entity's properties: this is configuration, the app setting
/// <c>SERVICEBUS_PARTITIONED_TOPICS</c>: <c>*</c> (every topic) or a comma-separated list of topic names; empty or
/// absent, none.
/// </summary>
public sealed class PartitionedTopics
{
    /// <summary>The app setting the relay reads.</summary>
    public const string Setting = "SERVICEBUS_PARTITIONED_TOPICS";

    private const string Every = "*";

    private readonly HashSet<string> topics;
    private readonly bool all;

    private PartitionedTopics(bool all, IEnumerable<string> topics)
    {
        this.all = all;
        this.topics = new HashSet<string>(topics, StringComparer.OrdinalIgnoreCase); // entity names ignore case
    }

    /// <summary>No topic is partitioned (the default).</summary>
    public static PartitionedTopics None { get; } = new(false, []);

    /// <summary>Every topic is partitioned: a Premium namespace with partitions.</summary>
    public static PartitionedTopics All { get; } = new(true, []);

    public static PartitionedTopics Of(params IEnumerable<string> topics) => new(false, topics);

    /// <summary>Reads <see cref="Setting"/>; throws naming the setting when <see cref="Errors"/> has anything to say.</summary>
    public static PartitionedTopics From(IConfiguration configuration)
    {
        if (Errors(configuration) is [var error, ..])
            throw new InvalidOperationException(error);

        var names = Names(configuration);
        return names is [Every] ? All : names.Length == 0 ? None : Of(names);
    }

    /// <summary>What is wrong with <see cref="Setting"/>, naming it and saying what is expected; empty when nothing is.</summary>
    public static IReadOnlyList<string> Errors(IConfiguration configuration)
    {
        var names = Names(configuration);
        if (names.Contains(Every) && names.Length > 1)
            return [$"{Setting} '{configuration[Setting]}' mixes * with topic names: * alone (every topic: a Premium namespace with partitions) or the partitioned topics' names, e.g. orders-cdc,orders-events."];

        return [.. names.Where(name => name != Every && !TopicNames.IsValid(name))
            .Select(name => $"{Setting} names '{name}', which is not a Service Bus topic name: {TopicNames.Rule}; list the partitioned topics, e.g. orders-cdc,orders-events, or * for every topic.")];
    }

    /// <summary>Whether batches to <paramref name="topic"/> may hold one partition key only.</summary>
    public bool Contains(string topic) => all || topics.Contains(topic);

    public override string ToString() => all ? Every : string.Join(',', topics.Order(StringComparer.OrdinalIgnoreCase));

    private static string[] Names(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[Setting] is { } value
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
    }
}
