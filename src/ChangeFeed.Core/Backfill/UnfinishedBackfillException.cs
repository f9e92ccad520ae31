namespace ChangeFeed.Backfill;

/// <summary>
/// An unfinished run is kept for this route and subscription, reading from another start than the one asked for: it is
/// neither resumed (it would not be what was asked) nor replaced without being told to (<see cref="BackfillRequest.Restart"/>).
/// </summary>
public sealed class UnfinishedBackfillException : Exception
{
    public UnfinishedBackfillException()
    {
    }

    public UnfinishedBackfillException(string message)
        : base(message)
    {
    }

    public UnfinishedBackfillException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
