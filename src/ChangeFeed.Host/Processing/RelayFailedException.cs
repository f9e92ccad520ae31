namespace ChangeFeed.Host.Processing;

/// <summary>
/// A batch the relay could not complete: thrown out of the change feed handler, after the back-off, so that the
/// checkpoint does not advance and the processor delivers the batch again from the last checkpoint.
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
