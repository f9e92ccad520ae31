using System.Text;

namespace ChangeFeed.ServiceBus.Tests;

/// <summary>
/// The event's data is exactly the bytes of the item the change feed returned, names and values with every escape
/// form as written, minus the removed properties (system properties, matched by their unescaped names, and the
/// route's excluded ones): never unescaped and escaped again.
/// </summary>
public sealed class event_data_is_the_document_s_bytes
{
    public static TheoryData<string, string> Items => new()
    {
        {
            """{"id":"o-1","customerId":"c-1","a\"b":1,"é":2,"_rid":"abc==","_ts":1764000000,"_lsn":5}""",
            """{"id":"o-1","customerId":"c-1","a\"b":1,"é":2}"""
        },
        {
            """{"id":"o-2","customerId":"c-1","\u00e9":"\u00E9","\ud83d\ude00":"😀","\uD83D\uDE00":"\ud83d\ude00","tab\tname":"\/\b\f\n\r\t","back\\slash":"\u0000","_ts":1764000000,"_lsn":6}""",
            """{"id":"o-2","customerId":"c-1","\u00e9":"\u00E9","\ud83d\ude00":"😀","\uD83D\uDE00":"\ud83d\ude00","tab\tname":"\/\b\f\n\r\t","back\\slash":"\u0000"}"""
        },
        {
            """{"id":"o-3","customerId":"c-1","\ud800":"\udc00","x\udfffy":{"\ud800\u0041":["\udc00\ud800"]},"_lsn":7,"_ts":1764000000}""",
            """{"id":"o-3","customerId":"c-1","\ud800":"\udc00","x\udfffy":{"\ud800\u0041":["\udc00\ud800"]}}"""
        },
        {
            """{"\u005frid":"escaped system property","id":"o-4","customerId":"c-1","\u005Fts":1,"_\u0065tag":"\"0\"","s\u0065cret":"excluded","secret":"excluded","secrets":"kept","n":1e400,"m":-0,"_ts":1764000000,"_lsn":8}""",
            """{"id":"o-4","customerId":"c-1","secrets":"kept","n":1e400,"m":-0}"""
        },
        {
            """{"id":"o-5","customerId":"c-1","nested":{ "kept" : [ 1 ,2 ], "_rid" : "a nested one is data" } ,"_ts":1764000000,"_lsn":9}""",
            """{"id":"o-5","customerId":"c-1","nested":{ "kept" : [ 1 ,2 ], "_rid" : "a nested one is data" }}"""
        },
        {
            """{ "id" : "o-6" ,"customerId":"c-1","_rid":"x","kept":[1, 2],"secret":1,"also":"kept" ,""" + "\n\t\"_ts\":1764000000,\"last\":true,\"_lsn\":10}",
            """{"id":"o-6","customerId":"c-1","kept":[1, 2],"also":"kept","last":true}"""
        },
    };

    [Theory]
    [MemberData(nameof(Items))]
    public async Task names_and_values_arrive_as_written(string item, string data)
    {
        await using var harness = new RelayHarness(settings: values => values["ChangeFeed:Routes:orders:ExcludeProperties"] = "secret");
        var changes = harness.Reader.ReadBatch(Encoding.UTF8.GetBytes($"[{item}]"), "orders", "test");

        var result = await harness.Relay.ProcessAsync(changes, "orders", CancellationToken.None);

        Assert.Empty(result.Parked);
        var (_, message) = Assert.Single(harness.Client.Sent);
        Assert.Equal(data, Encoding.UTF8.GetString(message.Body.ToArray()));
        Assert.Equal(Encoding.UTF8.GetBytes(data), message.Body.ToArray());
    }
}
