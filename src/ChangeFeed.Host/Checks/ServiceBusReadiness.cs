using Azure.Identity;
using Azure.Messaging.ServiceBus;
using ChangeFeed.CommandLine;
using ChangeFeed.Host.Commands;

namespace ChangeFeed.Host.Checks;

/// <summary>
/// What the relay needs from Service Bus: each topic exists and accepts a sender link with the configured identity.
/// The link is opened the data-plane way (what the publisher does before its first batch) without sending anything
/// and without management rights, which the relay's identity does not have.
/// </summary>
/// <param name="endpoint">Where the client connects, for the advice when it gets no answer (emulator or Azure).</param>
public sealed class ServiceBusReadiness(ServiceBusClient client, Credentials credentials, ServiceEndpoint? endpoint = null)
{
    private string NoAnswerAdvice => endpoint?.Advice ?? "Check SERVICEBUS / SERVICEBUS__fullyQualifiedNamespace and the network (AMQP over TLS, port 5671).";

    private readonly Dictionary<string, CheckResult> checkedTopics = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="setting">The setting that names the topic, for the advice when it does not exist.</param>
    public async Task<CheckResult> TopicAsync(string topic, string setting, CancellationToken cancellationToken)
    {
        if (checkedTopics.TryGetValue(topic, out var known))
            return known;

        var subject = $"topic {topic} on {client.FullyQualifiedNamespace} accepts a sender link, signed in with {credentials.Description}";
        var result = await Check(subject, topic, setting, cancellationToken);
        checkedTopics[topic] = result;
        return result;
    }

    private async Task<CheckResult> Check(string subject, string topic, string setting, CancellationToken cancellationToken)
    {
        try
        {
            await using var sender = client.CreateSender(topic);
            using var batch = await sender.CreateMessageBatchAsync(cancellationToken); // opens the link: the batch needs the link's size limit
            return CheckResult.Pass($"{subject} (messages up to {batch.MaxSizeInBytes / 1024} KB)");
        }
        catch (ServiceBusException missing) when (missing.Reason == ServiceBusFailureReason.MessagingEntityNotFound)
        {
            return CheckResult.Fail($"topic {topic} does not exist on {client.FullyQualifiedNamespace}",
                $"Create it (duplicate detection on, session-enabled subscriptions), or set {setting} to the topic the events go to.");
        }
        catch (UnauthorizedAccessException refused)
        {
            return CheckResult.Fail($"{subject}: refused ({FirstLine(refused.Message)})", credentials.UsesKey
                ? "The key in SERVICEBUS is not accepted: copy the namespace's connection string again (emulator: its published key); in Azure, local authentication is off: use SERVICEBUS__fullyQualifiedNamespace with an identity."
                : "Grant the identity Azure Service Bus Data Sender on the topic or the namespace (azd up grants it to the relay's identity and to you).");
        }
        catch (AuthenticationFailedException signIn)
        {
            return CheckResult.Fail($"{subject}: no token for {credentials.Description} ({FirstLine(signIn.Message)})",
                "Sign in (az login), or run where the managed identity named by SERVICEBUS__clientId is assigned.");
        }
        catch (ServiceBusException other)
        {
            return CheckResult.Fail($"{subject}: {ServiceFailure.Describe(other)}",
                NoAnswerAdvice);
        }
        catch (Exception unreachable) when (unreachable is TimeoutException || (unreachable is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return CheckResult.Fail($"{subject}: no answer{(endpoint is null ? "" : $" from {endpoint.Where}")} ({FirstLine(unreachable.Message)})",
                NoAnswerAdvice);
        }
    }

    private static string FirstLine(string text) => text.Split(['\r', '\n'], 2)[0].Trim().TrimEnd('.');
}
