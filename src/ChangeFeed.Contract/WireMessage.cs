namespace ChangeFeed.Contract;

/// <summary>A message as a subscriber receives it, in the terms the contract describes (no Service Bus client types).</summary>
/// <param name="ApplicationProperties">The message's application properties with their values as received.</param>
public sealed record WireMessage(
    string? MessageId,
    string? SessionId,
    string? Subject,
    string? ContentType,
    string? CorrelationId,
    string? To,
    IReadOnlyDictionary<string, object?> ApplicationProperties,
    ReadOnlyMemory<byte> Body);
