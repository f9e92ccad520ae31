using System.Globalization;
using System.Net.Sockets;

namespace ChangeFeed.CommandLine;

/// <summary>What a connection attempt to a service's port found.</summary>
public enum Reachability
{
    Reachable,
    Refused,
    NoAnswer,
    UnknownHost,
    Unreachable,
}

/// <summary>
/// Opens a TCP connection to a service's port and closes it, within a short time: tells in seconds whether anything
/// listens there, before (or instead of) a client that retries for half a minute. Says nothing about credentials or
/// protocol; a reachable endpoint is then asked by its own client.
/// </summary>
public static class ServiceProbe
{
    /// <summary>Long enough for a far Azure region over a slow link, short enough for a person to wait.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    public static async Task<Reachability> ProbeAsync(ServiceEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host.Trim('[', ']'), endpoint.Port, limit.Token);
            return Reachability.Reachable;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Reachability.NoAnswer;
        }
        catch (SocketException refused) when (refused.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return Reachability.Refused;
        }
        catch (SocketException unknown) when (unknown.SocketErrorCode is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData)
        {
            return Reachability.UnknownHost;
        }
        catch (SocketException)
        {
            return Reachability.Unreachable;
        }
    }

    /// <summary>Each endpoint probed at once; those that cannot be reached, with what was found.</summary>
    public static async Task<IReadOnlyList<(ServiceEndpoint Endpoint, Reachability Found)>> UnreachableAsync(
        IEnumerable<ServiceEndpoint> endpoints, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probes = endpoints.Distinct().Select(async endpoint => (endpoint, await ProbeAsync(endpoint, timeout, cancellationToken))).ToList();
        var found = await Task.WhenAll(probes);
        return [.. found.Where(probe => probe.Item2 != Reachability.Reachable)];
    }

    /// <summary>
    /// The one line for an endpoint that cannot be reached: the service and its setting, where it was tried, what was
    /// found and what to do.
    /// </summary>
    public static string Problem(ServiceEndpoint endpoint, Reachability found, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return $"{Finding(endpoint, found, timeout)}. {endpoint.Advice}";
    }

    /// <summary>The service and its setting, where it was tried and what was found, without the advice.</summary>
    public static string Finding(ServiceEndpoint endpoint, Reachability found, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var what = found switch
        {
            Reachability.Refused => "connection refused, nothing listens there",
            Reachability.NoAnswer => string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.#} s"),
            Reachability.UnknownHost => $"the name {endpoint.Host} is not known (DNS)",
            Reachability.Unreachable => "the address cannot be reached from here",
            _ => "reachable",
        };
        return $"{endpoint.Service} ({endpoint.Setting}) at {endpoint.Where}: {what}";
    }

    /// <summary>The line for a service that accepted the connection but did not answer the client.</summary>
    public static string Silent(ServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return $"{endpoint.Service} ({endpoint.Setting}) at {endpoint.Where}: accepts connections but did not answer. "
            + (endpoint.IsLocal
                ? $"The emulator may still be starting (it takes a minute or two): wait, or restart it ({ServiceEndpoint.StartEmulators})."
                : $"Check {endpoint.Setting} (is it this service?) and the network path (a proxy or firewall that holds connections).");
    }
}
