using System.Security.Cryptography;
using System.Text;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// Service Bus session ids are limited to 128 characters. A partition key that fits is used as is; a longer one
/// becomes <c>sha256:</c> + the lowercase hex SHA-256 of its UTF-8 bytes (71 characters), the same every time.
/// </summary>
public static class SessionIds
{
    public const int MaxLength = 128;

    public static string For(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        return partitionKey.Length <= MaxLength
            ? partitionKey
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partitionKey)));
    }
}
