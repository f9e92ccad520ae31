namespace ChangeFeed.Backfill;

/// <summary>
/// Another process changed the kept run while this one was running it (two backfills of the same route for the same
/// subscription at once). This one stops; what it sent carries the same ids as what the other sends, so nothing is
/// duplicated at an inbox.
/// </summary>
public sealed class BackfillConflictException : Exception
{
    public BackfillConflictException()
    {
    }

    public BackfillConflictException(string message)
        : base(message)
    {
    }

    public BackfillConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
