using System.Text;
using ChangeFeed.Envelope;

namespace ChangeFeed.BlobStorage.Tests;

internal static class Events
{
    public static IntegrationEvent Large(string id, string json, string topic = "orders-cdc") =>
        new(id, "/cosmos/e2e/db/items", "com.contoso.item.upserted", "item-1", DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes(json), "pk-1", topic);

    public static string Json(int bytes) => $$"""{"id":"item-1","blob":"{{new string('x', Math.Max(0, bytes - 26))}}"}""";
}
