using System.Net;
using ChangeFeed.Host.Processing;
using ChangeFeed.Reading;
using ChangeFeed.Telemetry;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace ChangeFeed.Host.Tests;

/// <summary>
/// When instances share a route, the processors' load balancing moves leases between them; the processor reports each
/// move to the instance that lost the lease as a 412 (PreconditionFailed). That is scaling at work, not a failure.
/// </summary>
public sealed class a_lease_taken_over_by_another_instance_is_not_an_error
{
    [Fact]
    public async Task the_takeover_is_logged_as_information_and_other_processor_errors_stay_errors()
    {
        var logger = new FakeLogger<RouteProcessorFactory>();
        var relay = new ScriptedRelay();
        using var readAhead = new ReadAhead(relay, NullLogger<ReadAhead>.Instance);
        using var services = new ServiceCollection().AddMetrics().AddSingleton<ChangeFeedTelemetry>().BuildServiceProvider();
        var reader = new ChangeReader(services.GetRequiredService<ChangeFeedTelemetry>(), NullLogger<ChangeReader>.Instance);
        var factory = new RouteProcessorFactory(relay, readAhead, reader, logger);

        await factory.OnErrorAsync("orders", "3", new CosmosException("3 lease token was taken over by owner 'host-b'", HttpStatusCode.PreconditionFailed, 0, "", 0));
        await factory.OnErrorAsync("orders", "4", new CosmosException("unavailable", HttpStatusCode.ServiceUnavailable, 0, "", 0));

        var records = logger.Collector.GetSnapshot();
        Assert.Equal([LogLevel.Information, LogLevel.Error], records.Select(r => r.Level));
        Assert.Equal("Route orders: lease 3 taken over by another instance", records[0].Message);
    }
}
