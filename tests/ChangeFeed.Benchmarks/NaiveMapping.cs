using System.Text;
using Azure.Messaging.ServiceBus;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ChangeFeed.Benchmarks;

/// <summary>
/// The mapping most change-feed-to-Service-Bus samples show: Newtonsoft <c>JObject.Parse</c> per document, strip the
/// system properties, serialise back to a string, <c>new ServiceBusMessage(string)</c> with a few properties.
/// </summary>
public static class NaiveMapping
{
    private static readonly string[] SystemProperties = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"];

    public static ServiceBusMessage Map(byte[] document)
    {
        var json = JObject.Parse(Encoding.UTF8.GetString(document));
        var id = (string)json["id"]!;
        var lsn = (long)json["_lsn"]!;
        foreach (var name in SystemProperties)
            json.Remove(name);

        var deleted = json.Value<bool?>("isDeleted") == true;
        return new ServiceBusMessage(json.ToString(Formatting.None))
        {
            MessageId = $"{id}-{lsn}",
            SessionId = (string?)json["customerId"],
            Subject = deleted ? "com.contoso.orders.order.deleted" : "com.contoso.orders.order.upserted",
            ContentType = "application/json",
            ApplicationProperties = { ["cloudEvents_type"] = deleted ? "com.contoso.orders.order.deleted" : "com.contoso.orders.order.upserted", ["cloudEvents_source"] = "/cosmos/contoso/shop/orders" },
        };
    }
}
