using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using ChangeFeed.CommandLine;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;

namespace ChangeFeed.Host.Commands;

/// <summary>
/// What a command says when it fails: one line per problem. A failure to connect is probed (each service's port, in
/// parallel, for a few seconds) so that the line names the service, its setting, where it was tried and what to do,
/// rather than the SDK's retries and stack; a service's refusal is what it answered; anything else is its first line
/// with a pointer to <c>--verbose</c>.
/// </summary>
public static class FailureLine
{
    public static async Task<IReadOnlyList<string>> DescribeAsync(Exception exception, IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(configuration);
        if (IsConnectionProblem(exception))
        {
            var unreachable = await ServiceProbe.UnreachableAsync(RelayEndpoints.All(configuration), ServiceProbe.DefaultTimeout, cancellationToken);
            var lines = unreachable.Select(probe => ServiceProbe.Problem(probe.Endpoint, probe.Found, ServiceProbe.DefaultTimeout)).ToList();
            var failed = ServiceOf(exception, configuration);
            if (failed is not null && !unreachable.Any(probe => probe.Endpoint == failed))
                lines.Insert(0, ServiceProbe.Silent(failed)); // it listens, yet the client got no answer
            if (lines.Count > 0)
                return lines;
        }

        return exception is CosmosException or ServiceBusException or RequestFailedException or AuthenticationFailedException or UnauthorizedAccessException
            ? [ServiceFailure.Describe(exception)]
            : [$"{Innermost(exception).GetType().Name}: {ServiceFailure.Describe(Innermost(exception))} (--verbose shows the details)"];
    }

    /// <summary>Whether the failure is a connection that could not be made, was dropped or never answered (as opposed to a service's refusal).</summary>
    public static bool IsConnectionProblem(Exception exception) => Chain(exception).Any(inner => inner switch
    {
        SocketException or HttpRequestException or TimeoutException or IOException => true,
        ServiceBusException bus => bus.Reason is ServiceBusFailureReason.ServiceCommunicationProblem or ServiceBusFailureReason.ServiceTimeout,
        CosmosException cosmos => cosmos.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout,
        RequestFailedException request => request.Status == 0,
        _ => false,
    });

    private static ServiceEndpoint? ServiceOf(Exception exception, IConfiguration configuration) => Chain(exception).Select(inner => inner switch
    {
        CosmosException => RelayEndpoints.Cosmos(configuration),
        ServiceBusException => RelayEndpoints.Bus(configuration),
        RequestFailedException => RelayEndpoints.Blobs(configuration),
        _ => null,
    }).FirstOrDefault(endpoint => endpoint is not null);

    private static Exception Innermost(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Innermost(aggregate.InnerExceptions[0]) : exception;

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                    pending.Push(inner);
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
