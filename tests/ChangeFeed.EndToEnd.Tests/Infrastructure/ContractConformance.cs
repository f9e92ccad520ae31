using System.Collections.Concurrent;
using System.Reflection;
using Azure.Messaging.ServiceBus;
using ChangeFeed.Contract;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Every message a scenario receives is checked against the committed event contract (docs/contract/asyncapi.json):
/// application property names, types and values, Service Bus properties, content type, body, and the session id rule.
/// A message the contract does not describe fails the scenario when its receiver is disposed, naming what differs.
/// </summary>
public sealed class ContractConformance
{
    private static readonly Lazy<ContractCheck> Contract = new(() => new ContractCheck(File.ReadAllText(Path.Combine(
        typeof(ContractConformance).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "docs", "contract", "asyncapi.json"))));

    private readonly ConcurrentQueue<string> violations = new();

    public void Check(ServiceBusReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = Contract.Value.Problems(new WireMessage(
            message.MessageId,
            message.SessionId,
            message.Subject,
            message.ContentType,
            message.CorrelationId,
            message.To,
            message.ApplicationProperties.ToDictionary(property => property.Key, property => (object?)property.Value),
            message.Body.ToMemory()));
        foreach (var problem in problems.Take(5))
            violations.Enqueue($"message {message.MessageId}: {problem}");
    }

    /// <summary>Throws when a received message broke the contract.</summary>
    public void ThrowIfViolated()
    {
        if (!violations.IsEmpty)
        {
            throw new Xunit.Sdk.XunitException(
                $"{violations.Count} contract violation(s) in the messages received (docs/contract/asyncapi.json; docs/events.md#the-contract):\n"
                + string.Join('\n', violations.Take(20)));
        }
    }
}
