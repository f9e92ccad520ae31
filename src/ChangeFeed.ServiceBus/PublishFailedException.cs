namespace ChangeFeed.ServiceBus;

/// <summary>A batch could not be sent after the client's retries. The change feed batch must not be checkpointed.</summary>
public sealed class PublishFailedException : Exception
{
    public PublishFailedException()
    {
    }

    public PublishFailedException(string message)
        : base(message)
    {
    }

    public PublishFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PublishFailedException(string topic, int messages, Exception innerException)
        : this(topic, messages, innerException, advice: null)
    {
    }

    /// <param name="advice">What the failure most likely means and what to change, when the publisher can tell.</param>
    public PublishFailedException(string topic, int messages, Exception innerException, string? advice)
        : base($"Sending a batch of {messages} messages to Service Bus topic '{topic}' failed; the change feed batch will be retried. {innerException?.Message}"
            + (advice is null ? string.Empty : " " + advice), innerException)
    {
        Topic = topic;
    }

    public string? Topic { get; }
}
