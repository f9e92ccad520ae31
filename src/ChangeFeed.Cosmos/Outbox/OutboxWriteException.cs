using System.Net;

namespace ChangeFeed.Cosmos.Outbox;

/// <summary>
/// The transactional batch was refused or failed: nothing of it was written, neither the entities nor the events.
/// </summary>
public sealed class OutboxWriteException : Exception
{
    public OutboxWriteException()
    {
    }

    public OutboxWriteException(string message)
        : base(message)
    {
    }

    public OutboxWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OutboxWriteException(string message, HttpStatusCode? statusCode, int? failedOperation)
        : base(message)
    {
        StatusCode = statusCode;
        FailedOperation = failedOperation;
    }

    /// <summary>The status of the operation that failed the batch (e.g. 409 Conflict, 412 PreconditionFailed), when it was sent.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The index of that operation in the batch (entity operations first, then outbox records).</summary>
    public int? FailedOperation { get; }
}
