using Microsoft.Azure.Amqp;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// The $cbs node: every put-token is accepted (202) without validating the token. Authorization is not
/// part of what the stand-in checks.
/// </summary>
internal sealed class CbsNode : RequestResponseNode
{
    private long _tokens;

    public long TokensAccepted => Interlocked.Read(ref _tokens);

    protected override AmqpMessage Handle(AmqpMessage request, string entity)
    {
        var response = AmqpMessage.Create();
        string? operation = request.ApplicationProperties?.Map["operation"] as string;
        if (operation == "put-token")
        {
            Interlocked.Increment(ref _tokens);
            response.ApplicationProperties.Map["status-code"] = 202;
            response.ApplicationProperties.Map["status-description"] = "Accepted";
        }
        else
        {
            response.ApplicationProperties.Map["status-code"] = 400;
            response.ApplicationProperties.Map["status-description"] = $"Unsupported $cbs operation '{operation}'.";
        }

        return response;
    }
}
