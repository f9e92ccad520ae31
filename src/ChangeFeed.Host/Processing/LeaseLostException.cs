namespace ChangeFeed.Host.Processing;

/// <summary>
/// A lease this instance was processing is another instance's now (its checkpoint was refused): thrown out of the
/// change feed handler so that the processor stops the lease at once; nothing was relayed for the page it carried.
/// </summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException()
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
