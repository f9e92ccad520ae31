using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Amqp;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// The $cbs node. A shared access signature is checked as the service checks it (key name, expiry, HMAC-SHA256 under
/// the key) and refused with 401 otherwise, so that a wrong key fails here as it fails in Azure. Entra ID tokens
/// (type jwt) cannot be validated here and are accepted.
/// </summary>
internal sealed class CbsNode(string keyName, string key, TimeProvider time) : RequestResponseNode
{
    private const string SasPrefix = "SharedAccessSignature ";
    private long _tokens;

    public long TokensAccepted => Interlocked.Read(ref _tokens);

    protected override AmqpMessage Handle(AmqpMessage request, string entity)
    {
        var response = AmqpMessage.Create();
        string? operation = request.ApplicationProperties?.Map["operation"] as string;
        if (operation != "put-token")
        {
            response.ApplicationProperties.Map["status-code"] = 400;
            response.ApplicationProperties.Map["status-description"] = $"Unsupported $cbs operation '{operation}'.";
            return response;
        }

        string? refusal = Refusal(request.ApplicationProperties?.Map["type"] as string, request.ValueBody?.Value as string);
        if (refusal is not null)
        {
            response.ApplicationProperties.Map["status-code"] = 401;
            response.ApplicationProperties.Map["status-description"] = refusal;
            return response;
        }

        Interlocked.Increment(ref _tokens);
        response.ApplicationProperties.Map["status-code"] = 202;
        response.ApplicationProperties.Map["status-description"] = "Accepted";
        return response;
    }

    private string? Refusal(string? type, string? token)
    {
        if (type == "jwt")
        {
            return null;
        }

        if (token is null || !token.StartsWith(SasPrefix, StringComparison.Ordinal))
        {
            return "InvalidToken: the token is not a shared access signature.";
        }

        var fields = token[SasPrefix.Length..].Split('&')
            .Select(field => field.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!fields.TryGetValue("sr", out string? resource) || !fields.TryGetValue("sig", out string? signature)
            || !fields.TryGetValue("se", out string? expiry) || !fields.TryGetValue("skn", out string? name))
        {
            return "InvalidToken: the shared access signature lacks sr, sig, se or skn.";
        }

        if (!string.Equals(WebUtility.UrlDecode(name), keyName, StringComparison.Ordinal))
        {
            return $"InvalidSignature: no authorization rule named '{WebUtility.UrlDecode(name)}'.";
        }

        if (!long.TryParse(WebUtility.UrlDecode(expiry), out long expires) || expires < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return "ExpiredToken: the token has expired.";
        }

        byte[] expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{resource}\n{WebUtility.UrlDecode(expiry)}"));
        byte[] given;
        try
        {
            given = Convert.FromBase64String(WebUtility.UrlDecode(signature));
        }
        catch (FormatException)
        {
            return "InvalidSignature: the signature is not base64.";
        }

        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : "InvalidSignature: The token has an invalid signature.";
    }
}
