using System.Net;

namespace ChangeFeed.Cosmos.Parking;

/// <summary>A parked change could not be written or read; the change feed must not checkpoint past it.</summary>
public sealed class CosmosParkingException : Exception
{
    public CosmosParkingException()
    {
    }

    public CosmosParkingException(string message)
        : base(message)
    {
    }

    public CosmosParkingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CosmosParkingException(string message, HttpStatusCode statusCode)
        : base(message) => StatusCode = statusCode;

    public HttpStatusCode? StatusCode { get; }
}
