using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Functions.Configuration;

/// <summary>The app settings the Function App cannot run without; checked when the host starts (ValidateOnStart).</summary>
public sealed class RequiredAppSettings
{
}

/// <summary>
/// Refuses to start without the settings the triggers name (<c>%SETTING%</c>) or the routes the functions use, each
/// reported by its app setting name with an example. The connections are checked by <c>RelayAppSettingsValidator</c>.
/// </summary>
public sealed partial class RequiredAppSettingsValidator(IConfiguration configuration) : IValidateOptions<RequiredAppSettings>
{
    public ValidateOptionsResult Validate(string? name, RequiredAppSettings options)
    {
        var errors = new List<string>();
        foreach (var (setting, function) in TriggerSettings())
        {
            if (string.IsNullOrWhiteSpace(configuration[setting]))
                errors.Add($"{setting} is required: the Cosmos DB trigger of function {function} reads it, e.g. {Example(setting)}.");
        }

        // A function whose route is not configured would fail (and retry) on every batch: refuse to start instead.
        foreach (var route in Routes.All)
        {
            if (!configuration.GetSection($"ChangeFeed:Routes:{route}").Exists())
                errors.Add($"ChangeFeed__Routes__{route}__* is required: a relay function hands its changes to route '{route}' (Topic, Database, Container, PartitionKeyPath, Mode ...), e.g. ChangeFeed__Routes__{route}__Topic={Example(route)}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The <c>%SETTING%</c> names in the Cosmos DB triggers of this assembly's functions.</summary>
    public static IReadOnlyList<(string Setting, string Function)> TriggerSettings() =>
        typeof(RelayFunctions).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(method => (Function: method.GetCustomAttribute<FunctionAttribute>()?.Name, Method: method))
            .Where(function => function.Function is not null)
            .SelectMany(function => function.Method.GetParameters()
                .Select(parameter => parameter.GetCustomAttribute<CosmosDBTriggerAttribute>())
                .OfType<CosmosDBTriggerAttribute>()
                .SelectMany(trigger => typeof(CosmosDBTriggerAttribute).GetProperties()
                    .Where(property => property.PropertyType == typeof(string))
                    .Select(property => property.GetValue(trigger) as string))
                .SelectMany(value => Placeholder().Matches(value ?? string.Empty))
                .Select(match => (match.Groups[1].Value, function.Function!)))
            .Distinct()
            .ToList();


    /// <summary>The value the sample settings (local.settings.sample.json) give a trigger setting, or a route's topic.</summary>
    private static string Example(string setting) => setting switch
    {
        "COSMOS_DATABASE" => "changefeed",
        "COSMOS_LEASES_CONTAINER" => "leases",
        "ORDERS_CONTAINER" => "orders",
        "OUTBOX_CONTAINER" => "outbox",
        "EVENTS_CONTAINER" => "events",
        Routes.Orders => "orders-cdc",
        Routes.Outbox => "orders-events",
        Routes.EventStore => "orders-stream",
        _ => "the container's name",
    };

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Placeholder();
}
