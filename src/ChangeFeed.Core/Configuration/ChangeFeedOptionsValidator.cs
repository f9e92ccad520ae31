using System.Text.RegularExpressions;
using ChangeFeed.Routing;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Configuration;

/// <summary>
/// Refuses a configuration the relay cannot run with. Every message names the setting (as a configuration path;
/// in app settings and environment variables replace ':' with '__') and says what is expected.
/// </summary>
public sealed partial class ChangeFeedOptionsValidator : IValidateOptions<ChangeFeedOptions>
{
    private const string Section = ChangeFeedOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ChangeFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(options.UnknownSettings);
        if (string.IsNullOrWhiteSpace(options.Account))
            errors.Add($"{Section}:Account is required: the Cosmos DB account name, used in event ids and the default CloudEvents source, e.g. cosmos-contoso.");

        if (options.Routes.Count == 0)
            errors.Add($"{Section}:Routes has no route: configure one per watched container, e.g. {Section}:Routes:orders:Database=changefeed, :Container=orders, :Topic=orders-cdc, :PartitionKeyPath=/customerId, :EventType=com.contoso.orders.order.");

        foreach (var (route, value) in options.Routes)
            Validate(route, value, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Validate(string route, RouteOptions options, List<string> errors)
    {
        var prefix = $"{Section}:Routes:{route}";
        if (options is null)
        {
            errors.Add($"{prefix} is empty: a route needs Database, Container, Topic and PartitionKeyPath, e.g. {prefix}:Topic=orders-cdc.");
            return;
        }

        if (options.ParsedMode is not { } mode)
            errors.Add($"{prefix}:Mode '{options.Mode}' is not a mode: how the route reads its container, expected cdc (default), outbox or eventstore.");
        else if (!Router.Supports(mode))
            errors.Add($"{prefix}:Mode '{options.Mode}' is not available in this version.");
        RequireName(options.Database, $"{prefix}:Database", "the Cosmos DB database of the watched container", "changefeed", errors);
        RequireName(options.Container, $"{prefix}:Container", "the watched container", "orders", errors);

        if (string.IsNullOrWhiteSpace(options.Topic))
            errors.Add($"{prefix}:Topic is required: the Service Bus topic the events go to, e.g. orders-cdc.");
        else if (!TopicNames.IsValid(options.Topic))
            errors.Add($"{prefix}:Topic '{options.Topic}' is not a Service Bus topic name: {TopicNames.Rule}, e.g. orders-cdc.");

        ValidateOutbox(options, prefix, errors);
        ContractSettingsValidation.Validate(options, prefix, errors);

        if (string.IsNullOrWhiteSpace(options.PartitionKeyPath))
            errors.Add($"{prefix}:PartitionKeyPath is required: the watched container's partition key path, which orders and keys the events, e.g. /customerId (or up to three comma-separated paths for a hierarchical key).");
        else if (PartitionKeyPaths.TryParse(options.PartitionKeyPath, null, out _) is { } pathError)
            errors.Add($"{prefix}:PartitionKeyPath is {Quote(options.PartitionKeyPath)}: {pathError}.");
        else if (PartitionKeyPaths.TryParse(options.PartitionKeyPath, options.PartitionKeyTypes, out _) is { } typeError)
            errors.Add($"{prefix}:PartitionKeyTypes: {typeError}.");

        ValidateType(options, prefix, errors);

        if (!string.IsNullOrWhiteSpace(options.IncludeProperties) && !string.IsNullOrWhiteSpace(options.ExcludeProperties))
            errors.Add($"{prefix}:IncludeProperties and {prefix}:ExcludeProperties are both set: use one of them, e.g. only ExcludeProperties=secret,internal.");

        if (!string.IsNullOrWhiteSpace(options.Source) && !Uri.TryCreate(options.Source, UriKind.RelativeOrAbsolute, out _))
            errors.Add($"{prefix}:Source '{options.Source}' is not a URI reference, which CloudEvents requires for 'source', e.g. /cosmos/contoso/changefeed/orders.");

        if (options.ParsedContentMode is null)
            errors.Add($"{prefix}:ContentMode '{options.ContentMode}' is not a content mode: expected binary or structured.");

        if (options.ParsedLargeEvents is null)
            errors.Add($"{prefix}:LargeEvents '{options.LargeEvents}' is not a way to handle large events: expected claimcheck (default where a claim check store is configured) or park.");
    }

    private static void ValidateType(RouteOptions options, string prefix, List<string> errors)
    {
        var fixedType = !string.IsNullOrWhiteSpace(options.EventType);
        var fromProperty = !string.IsNullOrWhiteSpace(options.TypeProperty);
        if (options.ParsedMode == RouteMode.Cdc && fixedType == fromProperty)
        {
            errors.Add(fixedType
                ? $"{prefix}:EventType and {prefix}:TypeProperty are both set: a cdc route takes its type from one of them."
                : $"{prefix}:EventType or {prefix}:TypeProperty is required: a fixed entity type such as 'com.contoso.orders.order', or the document property that holds it.");
        }

        if (options.ParsedMode == RouteMode.EventStore && fixedType)
            errors.Add($"{prefix}:EventType is set on an eventstore route: its events carry their own type; set TypeProperty (default 'type') instead.");

        if (!string.IsNullOrWhiteSpace(options.TypeVersion) && !TypeVersion().IsMatch(options.TypeVersion))
            errors.Add($"{prefix}:TypeVersion '{options.TypeVersion}' is not a version suffix: expected letters and digits such as 'v1'.");
    }

    private static void ValidateOutbox(RouteOptions options, string prefix, List<string> errors)
    {
        var outbox = options.ParsedMode == RouteMode.Outbox;
        if (!string.IsNullOrWhiteSpace(options.SessionKey)
            && !(outbox && (options.SessionKey.Trim().Equals("aggregateId", StringComparison.OrdinalIgnoreCase) || options.SessionKey.Trim().Equals("partitionKey", StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add(outbox
                ? $"{prefix}:SessionKey '{options.SessionKey}' is not a session key: expected aggregateId or partitionKey."
                : $"{prefix}:SessionKey is only for outbox routes: other modes order by the partition key.");
        }

        if (!string.IsNullOrWhiteSpace(options.AggregateTopics))
        {
            if (!outbox)
                errors.Add($"{prefix}:AggregateTopics is only for outbox routes.");
            else if (SettingList.TryPairs(options.AggregateTopics) is not { } pairs)
                errors.Add($"{prefix}:AggregateTopics '{options.AggregateTopics}' is not a list of aggregateType=topic pairs, e.g. 'order=orders-events,invoice=billing-events'.");
            else if (pairs.Values.FirstOrDefault(topic => !TopicNames.IsValid(topic)) is { } badTopic)
                errors.Add($"{prefix}:AggregateTopics names '{badTopic}', which is not a Service Bus topic name: {TopicNames.Rule}, e.g. billing-events.");
        }

        if (outbox && (!string.IsNullOrWhiteSpace(options.EventType) || !string.IsNullOrWhiteSpace(options.TypeProperty)))
            errors.Add($"{prefix}:EventType and :TypeProperty are not used by an outbox route: each outbox record carries its own type.");
    }

    private static void RequireName(string? value, string setting, string what, string example, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add($"{setting} is required: {what}, e.g. {example}.");
        else if (value.IndexOfAny(['/', '\\', '#', '?']) >= 0)
            errors.Add($"{setting} '{value}' is not a Cosmos DB resource name: {what}, without '/', '\\', '#' or '?', e.g. {example}.");
    }

    private static string Quote(string? value) => value is null ? "missing" : $"'{value}'";

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex TypeVersion();
}
