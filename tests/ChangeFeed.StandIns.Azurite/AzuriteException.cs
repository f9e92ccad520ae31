namespace ChangeFeed.StandIns.Azurite;

/// <summary>Azurite could not be installed or started; the message carries npm's or Node's own output.</summary>
public sealed class AzuriteException : Exception
{
    public AzuriteException() { }

    public AzuriteException(string message) : base(message) { }

    public AzuriteException(string message, Exception innerException) : base(message, innerException) { }
}
