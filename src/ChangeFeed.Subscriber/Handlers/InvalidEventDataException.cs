namespace ChangeFeed.Subscriber.Handlers;

/// <summary>The event cannot be handled whatever the retries: it is dead-lettered at once.</summary>
public sealed class InvalidEventDataException : Exception
{
    public InvalidEventDataException()
    {
    }

    public InvalidEventDataException(string message)
        : base(message)
    {
    }

    public InvalidEventDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
