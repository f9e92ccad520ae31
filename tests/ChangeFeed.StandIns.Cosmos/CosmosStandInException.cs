namespace ChangeFeed.StandIns.Cosmos;

/// <summary>The stand-in could not be installed or started; the message carries npm's or Node's own output.</summary>
public sealed class CosmosStandInException : Exception
{
    public CosmosStandInException() { }

    public CosmosStandInException(string message) : base(message) { }

    public CosmosStandInException(string message, Exception innerException) : base(message, innerException) { }
}
