namespace ChangeFeed.Host.Processing;

/// <summary>
/// A batch the relay could not complete, after the back-off: the checkpoint does not advance. Latest-version mode
/// relays the same page again (<see cref="ReadAhead"/>); all-versions-and-deletes mode throws it out of the change
/// feed handler, and the processor delivers the batch again from the last checkpoint.
/// </summary>
public sealed class RelayFailedException : Exception
{
    public RelayFailedException()
    {
    }

    public RelayFailedException(string message)
        : base(message)
    {
    }

    public RelayFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
