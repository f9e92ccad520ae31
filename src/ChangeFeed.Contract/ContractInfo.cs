using System.Text.Json.Nodes;

namespace ChangeFeed.Contract;

/// <summary>The contract's title, version and policy pointers, and where its topics are served (any Service Bus namespace, signed in with Entra ID).</summary>
public static class ContractInfo
{
    public static JsonObject Describe() => new()
    {
        ["title"] = "ChangeFeed integration events",
        ["version"] = ContractVersion.Current,
        ["description"] =
            "CloudEvents 1.0 on Azure Service Bus topics, published by the ChangeFeed relay from Cosmos DB change feeds. Generated from the relay's routes "
            + "by the processor host's contract command; docs/events.md explains each attribute, docs/decisions/0025-versioning-the-event-contract.md what may change "
            + "within a major version, CHANGELOG.md what changed. Binary mode: CloudEvents attributes are cloudEvents_* application properties (AMQP binding); "
            + "structured mode: the body is the CloudEvent as JSON.",
        ["externalDocs"] = new JsonObject
        {
            ["description"] = "CloudEvents AMQP protocol binding",
            ["url"] = "https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/amqp-protocol-binding.md",
        },
    };

    public static JsonObject Servers() => new()
    {
        ["servicebus"] = new JsonObject
        {
            ["host"] = "{namespace}.servicebus.windows.net",
            ["protocol"] = "amqps",
            ["protocolVersion"] = "1.0",
            ["description"] = "The Service Bus namespace azd up deployed (output AZURE_SERVICEBUS_NAMESPACE); local authentication is off.",
            ["variables"] = new JsonObject
            {
                ["namespace"] = new JsonObject { ["description"] = "The namespace name." },
            },
            ["security"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/securitySchemes/entraId" }),
        },
    };

    public static JsonObject SecuritySchemes() => new()
    {
        ["entraId"] = new JsonObject
        {
            ["type"] = "oauth2",
            ["description"] = "Microsoft Entra ID: a subscriber's identity needs the Azure Service Bus Data Receiver role on the topic or namespace.",
            ["flows"] = new JsonObject
            {
                ["clientCredentials"] = new JsonObject
                {
                    ["tokenUrl"] = "https://login.microsoftonline.com/organizations/oauth2/v2.0/token",
                    ["availableScopes"] = new JsonObject { ["https://servicebus.azure.net/.default"] = "Service Bus data plane" },
                },
            },
            ["scopes"] = new JsonArray("https://servicebus.azure.net/.default"),
        },
    };
}
