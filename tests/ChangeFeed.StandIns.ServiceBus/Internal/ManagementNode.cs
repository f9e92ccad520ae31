using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// The per-entity $management node: lock renewal, session lock renewal, session state, and
/// settlement by lock token. Anything else is answered 501 (not implemented).
/// </summary>
internal sealed class ManagementNode(IEntityDirectory entities) : RequestResponseNode
{
    protected override AmqpMessage Handle(AmqpMessage request, string entity)
    {
        string operation = request.ApplicationProperties?.Map["operation"] as string ?? string.Empty;
        AmqpMap body = request.ValueBody?.Value as AmqpMap ?? new AmqpMap();
        MessageStore? store = entities.FindStore(entity);
        if (store is null)
        {
            return Response(404, "amqp:not-found", $"Entity '{entity}' not found.");
        }

        return operation switch
        {
            "com.microsoft:renew-lock" => RenewLocks(store, body),
            "com.microsoft:renew-session-lock" => WithSession(store, body, id => store.Sessions.Renew(id) is { } until
                ? Response(200, map: new AmqpMap { [new MapKey("expiration")] = until })
                : null),
            "com.microsoft:get-session-state" => WithSession(store, body, id => Response(200, map: new AmqpMap
            {
                [new MapKey("session-state")] = store.Sessions.GetState(id) is { } state ? new ArraySegment<byte>(state) : (object?)null,
            })),
            "com.microsoft:set-session-state" => WithSession(store, body, id =>
            {
                store.Sessions.SetState(id, body[new MapKey("session-state")] is ArraySegment<byte> state ? state.AsSpan().ToArray() : null);
                return Response(200);
            }),
            "com.microsoft:update-disposition" => UpdateDisposition(store, body),
            _ => Response(501, "amqp:not-implemented", $"The Service Bus stand-in does not implement '{operation}'."),
        };
    }

    private static AmqpMessage RenewLocks(MessageStore store, AmqpMap body)
    {
        var tokens = body[new MapKey("lock-tokens")] as Guid[] ?? [];
        var expirations = new DateTime[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            if (store.RenewLock(tokens[i]) is not { } until)
            {
                return Response(410, "com.microsoft:message-lock-lost", "The lock on the message was lost.");
            }

            expirations[i] = until;
        }

        return Response(200, map: new AmqpMap { [new MapKey("expirations")] = expirations });
    }

    private static AmqpMessage UpdateDisposition(MessageStore store, AmqpMap body)
    {
        var tokens = body[new MapKey("lock-tokens")] as Guid[] ?? [];
        string status = body[new MapKey("disposition-status")] as string ?? string.Empty;
        DeliveryState? state = status switch
        {
            "completed" => new Accepted(),
            "abandoned" => new Modified(),
            "suspended" => DeadLetterOutcome(body),
            _ => null,
        };
        if (state is null)
        {
            return Response(501, "amqp:not-implemented", $"Disposition '{status}' is not implemented by the stand-in.");
        }

        foreach (Guid token in tokens)
        {
            if (store.Settle(token, state) is Rejected { Error.Condition.Value: "com.microsoft:message-lock-lost" })
            {
                return Response(410, "com.microsoft:message-lock-lost", "The lock on the message was lost.");
            }
        }

        return Response(200);
    }

    private static Rejected DeadLetterOutcome(AmqpMap body)
    {
        var info = new Fields();
        if (body[new MapKey("deadletter-reason")] is string reason) { info["DeadLetterReason"] = reason; }
        if (body[new MapKey("deadletter-description")] is string description) { info["DeadLetterErrorDescription"] = description; }
        return new Rejected { Error = new Error { Condition = "com.microsoft:dead-letter", Info = info } };
    }

    private static AmqpMessage WithSession(MessageStore store, AmqpMap body, Func<string, AmqpMessage?> handle)
    {
        string? sessionId = body[new MapKey("session-id")] as string;
        if (sessionId is null || !store.Sessions.IsHeld(sessionId))
        {
            return Response(410, "com.microsoft:session-lock-lost", $"The session lock for '{sessionId}' is not held.");
        }

        return handle(sessionId) ?? Response(410, "com.microsoft:session-lock-lost", $"The session lock for '{sessionId}' was lost.");
    }

    private static AmqpMessage Response(int status, string? errorCondition = null, string? description = null, AmqpMap? map = null)
    {
        AmqpMessage response = map is null ? AmqpMessage.Create() : AmqpMessage.Create(new AmqpValue { Value = map });
        response.ApplicationProperties.Map["statusCode"] = status;
        response.ApplicationProperties.Map["statusDescription"] = description ?? (status == 200 ? "OK" : "Error");
        if (errorCondition is not null)
        {
            response.ApplicationProperties.Map["errorCondition"] = new AmqpSymbol(errorCondition);
        }

        return response;
    }
}
