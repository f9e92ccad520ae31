using System.Text;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;

namespace ChangeFeed.Subscriber.Tests;

/// <summary>
/// The consumer rules of docs/events.md that the JavaScript sample is tested for on the wire, for the .NET path:
/// <c>lsn</c> compared as an integer, numbers kept digit for digit and data nested as deep as Cosmos DB allows.
/// (Dedupe on <c>originalid ?? id</c>: a_stale_backfilled_state_never_overwrites_a_newer_one; claim checks:
/// claim_checked_events_are_handled_like_any_other; dead-lettering with a reason: subscriber_handles_each_event_once_and_in_order.)
/// </summary>
public sealed class the_consumer_rules_hold_for_the_dotnet_subscriber
{
    [Fact]
    public async Task an_older_lsn_with_fewer_digits_arriving_after_a_newer_one_is_kept_out()
    {
        var subscriber = new Subscriber();

        await subscriber.SettleAsync(Messages.From(Messages.OrderState("order-1", lsn: 10, "shipped")));
        await subscriber.SettleAsync(Messages.From(Messages.OrderState("order-1", lsn: 9, "placed", backfillRun: "run-1")));

        var kept = subscriber.Memory.Documents["order-order-1"];
        Assert.Equal(10, kept["position"]!.GetValue<long>()); // as text, "9" would win over "10"
        Assert.Equal("shipped", kept["state"]!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(ContentMode.Binary)]
    [InlineData(ContentMode.Structured)]
    public async Task a_state_nested_128_levels_with_big_numbers_is_kept_digit_for_digit(ContentMode mode)
    {
        var subscriber = new Subscriber();
        // The document is level 1; its payload takes the other 127 levels Cosmos DB allows.
        var payload = new StringBuilder().Insert(0, "{\"level\":", DocumentLimits.MaxNestingLevels - 2).Append("{\"level\":0}").Append('}', DocumentLimits.MaxNestingLevels - 2).ToString();
        var data = $$"""{"id":"order-1","customerId":"customer-42","status":"placed","total":12345678901234567890,"ratio":0.10000000000000000555,"payload":{{payload}}}""";
        var state = Messages.OrderState("order-1", lsn: 5, "placed") with { Data = Encoding.UTF8.GetBytes(data), ContentMode = mode };

        await subscriber.SettleAsync(Messages.From(state));

        Assert.Equal("complete", Assert.Single(subscriber.Receiver.Settled).Outcome);
        Assert.Equal(data, subscriber.Memory.Documents["order-order-1"]["state"]!.ToJsonString());
    }
}
