using ChangeFeed.Routing;

namespace ChangeFeed.Configuration;

/// <summary>A route's settings for the event contract: <c>EventTypes</c>, <c>DataSchema</c> (its files are read here, at start) and <c>EnforceDataSchema</c>.</summary>
internal static class ContractSettingsValidation
{
    public static void Validate(RouteOptions options, string prefix, List<string> errors)
    {
        var types = SettingList.Split(options.EventTypes);
        if (types.Distinct(StringComparer.Ordinal).Count() != types.Length)
            errors.Add($"{prefix}:EventTypes '{options.EventTypes}' names a type twice: list each event type the route publishes once, e.g. com.contoso.orders.OrderPlaced,com.contoso.orders.OrderShipped.");

        if (!string.IsNullOrWhiteSpace(options.EnforceDataSchema))
        {
            if (!bool.TryParse(options.EnforceDataSchema, out var enforce))
                errors.Add($"{prefix}:EnforceDataSchema '{options.EnforceDataSchema}' is not true or false.");
            else if (enforce && string.IsNullOrWhiteSpace(options.DataSchema))
                errors.Add($"{prefix}:EnforceDataSchema is true but the route names no DataSchema: name the schema of each event type to enforce, e.g. com.contoso.orders.OrderPlaced=schemas/order-placed.json.");
        }

        if (string.IsNullOrWhiteSpace(options.DataSchema))
            return;
        if (SettingList.TryPairs(options.DataSchema) is not { } schemas)
        {
            errors.Add($"{prefix}:DataSchema '{options.DataSchema}' is not a list of eventType=file pairs, e.g. com.contoso.orders.OrderPlaced=schemas/order-placed.json.");
            return;
        }

        foreach (var (type, file) in schemas)
        {
            try
            {
                DataSchema.Load(type, file);
            }
            catch (InvalidDataException invalid)
            {
                errors.Add($"{prefix}:DataSchema: {invalid.Message}.");
            }
        }
    }
}
