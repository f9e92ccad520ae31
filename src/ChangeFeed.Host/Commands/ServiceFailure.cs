using System.Net;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Host.Commands;

/// <summary>What a service said when it refused a command, in one line (the SDKs' messages carry diagnostics over many lines).</summary>
public static class ServiceFailure
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            CosmosException cosmos => $"Cosmos DB answered {Status(cosmos.StatusCode)}{(cosmos.SubStatusCode == 0 ? "" : $" (substatus {cosmos.SubStatusCode})")}{Reason(cosmos)}",
            ServiceBusException serviceBus => $"Service Bus answered {serviceBus.Reason}: {FirstLine(serviceBus.Message)}",
            _ => FirstLine(exception.Message),
        };
    }

    public static string Status(HttpStatusCode status) => $"{(int)status} {status}";

    private static string Reason(CosmosException exception)
    {
        var message = exception.ResponseBody;
        try
        {
            using var body = JsonDocument.Parse(exception.ResponseBody ?? "", DocumentLimits.DocumentOptions);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String)
                message = text.GetString();
        }
        catch (JsonException)
        {
        }

        var reason = FirstLine(message ?? "");
        return reason.Length == 0 ? "" : $": {reason}";
    }

    private static string FirstLine(string text)
    {
        var line = text.Split(['\r', '\n'], 2)[0].Trim().TrimEnd('.', '(', ' ', ':');
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
