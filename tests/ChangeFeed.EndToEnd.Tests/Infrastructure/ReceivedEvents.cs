using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Messaging.ServiceBus;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>One event as a subscriber received it.</summary>
public sealed record ReceivedEvent(string MessageId, string? SessionId, string? Type, string? Subject, long SequenceNumber, string Body)
{
    /// <summary>Whom the message said it was for: <c>live</c> or <c>backfill</c> (application property <c>changefeed_delivery</c>).</summary>
    public string? Delivery { get; init; }

    /// <summary>The message's <c>To</c>: the subscription a backfill was for.</summary>
    public string? To { get; init; }

    /// <summary>The change's position (the <c>cloudEvents_lsn</c> application property, binary mode).</summary>
    public long? Lsn { get; init; }
}

/// <summary>
/// Receives everything on an unfiltered, session-less subscription with a real <see cref="ServiceBusReceiver"/>
/// (receive-and-delete) for the life of a scenario, keeping the events whose CloudEvents <c>source</c> belongs to the
/// scenario's database (binary or structured mode), so that scenarios can share a topic on a real namespace. Bodies are read
/// with the depth Cosmos DB allows; a message that cannot be decoded fails the scenario instead of being dropped.
/// </summary>
public sealed class ReceivedEvents : IAsyncDisposable
{
    private readonly ServiceBusClient client;
    private readonly ServiceBusReceiver receiver;
    private readonly string sourceMarker;
    private readonly ConcurrentQueue<ReceivedEvent> events = new();
    private readonly ConcurrentQueue<ServiceBusReceivedMessage> messages = new();
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> undecodable = new();
    private readonly Task loop;
    private readonly ContractConformance contract = new();

    public ReceivedEvents(string connectionString, string topic, string subscription, string database)
    {
        client = new ServiceBusClient(connectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { Mode = ServiceBusRetryMode.Fixed, Delay = TimeSpan.FromMilliseconds(200), TryTimeout = TimeSpan.FromSeconds(5), MaxRetries = 50 },
        });
        receiver = client.CreateReceiver(topic, subscription, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete, PrefetchCount = 0 });
        sourceMarker = $"/{database}/";
        loop = Task.Run(ReceiveAsync);
    }

    /// <summary>Every event kept so far; throws if a message could not be decoded (the scenario fails there).</summary>
    public IReadOnlyList<ReceivedEvent> All
    {
        get
        {
            ThrowIfUndecodable();
            return [.. events];
        }
    }

    /// <summary>The messages themselves, for decoding as a subscriber does.</summary>
    public IReadOnlyList<ServiceBusReceivedMessage> Messages
    {
        get
        {
            ThrowIfUndecodable();
            return [.. messages];
        }
    }

    /// <summary>Receive errors seen (and recovered from), for the scenario's output.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public int Count
    {
        get
        {
            ThrowIfUndecodable();
            return events.Count;
        }
    }

    public HashSet<string> DistinctIds => All.Select(e => e.MessageId).ToHashSet(StringComparer.Ordinal);

    /// <summary>Events received more than once (same MessageId), i.e. duplicates that got past duplicate detection.</summary>
    public int Duplicates => Count - DistinctIds.Count;

    private async Task ReceiveAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var message in await receiver.ReceiveMessagesAsync(1000, TimeSpan.FromMilliseconds(300), stop.Token))
                {
                    // One message that cannot be decoded fails the scenario (see Undecodable), and the rest of the
                    // call is still kept: with receive-and-delete nothing of it can be received again.
                    try
                    {
                        Keep(message);
                    }
                    catch (Exception exception)
                    {
                        undecodable.Enqueue($"message {message.MessageId} (sequence {message.SequenceNumber}): {exception.GetType().Name}: {exception.Message}");
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (!stop.IsCancellationRequested)
            {
                // An outage scenario drops the receiver's connection too: keep receiving, never die silently.
                Errors.Enqueue($"{exception.GetType().Name}: {exception.Message.Split('\n')[0]}");
                await Task.Delay(200);
            }
        }
    }

    private void Keep(ServiceBusReceivedMessage message)
    {
        if (Attribute(message, "source")?.Contains(sourceMarker, StringComparison.Ordinal) != true)
            return;
        contract.Check(message);
        messages.Enqueue(message);
        events.Enqueue(new ReceivedEvent(
            message.MessageId,
            message.SessionId,
            message.Subject,
            Attribute(message, "subject"),
            message.SequenceNumber,
            message.Body.ToString())
        {
            Delivery = message.ApplicationProperties.TryGetValue("changefeed_delivery", out var delivery) ? delivery as string : null,
            To = message.To,
            Lsn = message.ApplicationProperties.TryGetValue("cloudEvents_lsn", out var lsn) && long.TryParse(lsn as string, out var position) ? position : null,
        });
    }

    /// <summary>Fails the scenario, loudly, if any message received could not be decoded: a harness that drops one could hide a loss.</summary>
    private void ThrowIfUndecodable()
    {
        if (!undecodable.IsEmpty)
            throw new InvalidOperationException($"{undecodable.Count} received messages could not be decoded by the test receiver: {string.Join("; ", undecodable.Take(5))}");
    }

    /// <summary>A CloudEvents attribute: a <c>cloudEvents_</c> application property in binary mode, a member of the body in structured mode.</summary>
    private static string? Attribute(ServiceBusReceivedMessage message, string name)
    {
        if (message.ApplicationProperties.TryGetValue("cloudEvents_" + name, out var value))
            return value as string;
        if (message.ContentType?.StartsWith("application/cloudevents+json", StringComparison.OrdinalIgnoreCase) != true)
            return null;
        using var body = JsonDocument.Parse(message.Body.ToMemory(), DocumentLimits.DocumentOptions);
        return body.RootElement.TryGetProperty(name, out var attribute) && attribute.ValueKind == JsonValueKind.String ? attribute.GetString() : null;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        await receiver.DisposeAsync();
        await client.DisposeAsync();
        stop.Dispose();
        ThrowIfUndecodable();
        contract.ThrowIfViolated();
    }
}
