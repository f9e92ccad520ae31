using ChangeFeed.Configuration;

namespace ChangeFeed.Routing;

/// <summary>A validated, ready-to-use route: what <see cref="RouteOptions"/> says, parsed once at start.</summary>
public sealed record Route
{
    public required string Name { get; init; }

    public required RouteMode Mode { get; init; }

    public required string Account { get; init; }

    public required string Database { get; init; }

    public required string Container { get; init; }

    public required string Topic { get; init; }

    public required string Source { get; init; }

    public required PartitionKeyPaths PartitionKey { get; init; }

    public string? EventType { get; init; }

    public string? TypeProperty { get; init; }

    public string TypePrefix { get; init; } = string.Empty;

    public string? TypeVersion { get; init; }

    public IReadOnlySet<string> IncludeProperties { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> ExcludeProperties { get; init; } = new HashSet<string>();

    public string? SoftDeleteProperty { get; init; }

    public string? CorrelationIdProperty { get; init; }

    public ContentMode ContentMode { get; init; } = ContentMode.Binary;

    /// <summary>What happens to an event too large for its topic.</summary>
    public LargeEventHandling LargeEvents { get; init; } = LargeEventHandling.ClaimCheck;

    /// <summary>Outbox: order by the record's partition key instead of its aggregate id.</summary>
    public bool SessionByPartitionKey { get; init; }

    /// <summary>Outbox: topic per aggregate type.</summary>
    public IReadOnlyDictionary<string, string> AggregateTopics { get; init; } = new Dictionary<string, string>();

    /// <summary>The event types the route declares (<c>EventTypes</c>), for the contract; empty when not declared.</summary>
    public IReadOnlyList<string> EventTypes { get; init; } = [];

    /// <summary>The data schemas by event type (<c>DataSchema</c>), read at start.</summary>
    public IReadOnlyDictionary<string, DataSchema> DataSchemas { get; init; } = new Dictionary<string, DataSchema>();

    /// <summary>Whether data that does not conform to its type's data schema is parked instead of published.</summary>
    public bool EnforceDataSchema { get; init; }

    /// <summary>Why this data may not be published as an event of this type (an enforced schema it does not conform to), or null.</summary>
    public string? DataSchemaViolation(string type, ReadOnlyMemory<byte> data) =>
        EnforceDataSchema && DataSchemas.TryGetValue(type, out var schema) ? schema.Problem(data) : null;

    /// <summary>The <c>dataschema</c> of an event of this type, or null when the route names no schema for it.</summary>
    public Uri? DataSchemaId(string type) => DataSchemas.TryGetValue(type, out var schema) ? schema.Id : null;

    /// <summary>The event type with the route's prefix and version suffix.</summary>
    public string TypeName(string type) =>
        TypeVersion is null ? TypePrefix + type : $"{TypePrefix}{type}.{TypeVersion}";

    /// <summary><c>database/container</c>: how parked changes name where they came from.</summary>
    public string SourceContainer => $"{Database}/{Container}";

    /// <summary>Builds a route from options that <see cref="ChangeFeedOptionsValidator"/> accepted.</summary>
    public static Route From(string name, RouteOptions options, string account)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (PartitionKeyPaths.TryParse(options.PartitionKeyPath, options.PartitionKeyTypes, out var partitionKey) is { } error)
            throw new InvalidOperationException($"{ChangeFeedOptions.SectionName}:Routes:{name}:PartitionKeyPath: {error}");

        var database = Required(options.Database, name, nameof(options.Database));
        var container = Required(options.Container, name, nameof(options.Container));
        return new Route
        {
            Name = name,
            Mode = options.ParsedMode ?? throw new InvalidOperationException($"{ChangeFeedOptions.SectionName}:Routes:{name}:Mode '{options.Mode}' is not a mode."),
            Account = account,
            Database = database,
            Container = container,
            Topic = Required(options.Topic, name, nameof(options.Topic)),
            Source = string.IsNullOrWhiteSpace(options.Source) ? $"/cosmos/{account}/{database}/{container}" : options.Source,
            PartitionKey = partitionKey!,
            EventType = Blank(options.EventType),
            TypeProperty = Blank(options.TypeProperty),
            TypePrefix = options.TypePrefix ?? string.Empty,
            TypeVersion = Blank(options.TypeVersion),
            IncludeProperties = SettingList.Split(options.IncludeProperties).ToHashSet(StringComparer.Ordinal),
            ExcludeProperties = SettingList.Split(options.ExcludeProperties).ToHashSet(StringComparer.Ordinal),
            SoftDeleteProperty = Blank(options.SoftDeleteProperty),
            CorrelationIdProperty = Blank(options.CorrelationIdProperty),
            SessionByPartitionKey = string.Equals(options.SessionKey?.Trim(), "partitionKey", StringComparison.OrdinalIgnoreCase),
            AggregateTopics = SettingList.Pairs(options.AggregateTopics),
            ContentMode = options.ParsedContentMode ?? throw new InvalidOperationException($"{ChangeFeedOptions.SectionName}:Routes:{name}:ContentMode '{options.ContentMode}' is not a content mode."),
            EventTypes = SettingList.Split(options.EventTypes),
            EnforceDataSchema = bool.TryParse(options.EnforceDataSchema, out var enforce) && enforce,
            DataSchemas = SettingList.Pairs(options.DataSchema).ToDictionary(pair => pair.Key, pair => DataSchema.Load(pair.Key, pair.Value), StringComparer.Ordinal),
            LargeEvents = options.ParsedLargeEvents ?? throw new InvalidOperationException($"{ChangeFeedOptions.SectionName}:Routes:{name}:LargeEvents '{options.LargeEvents}' is not a way to handle large events."),
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Required(string? value, string route, string setting) =>
        Blank(value) ?? throw new InvalidOperationException($"{ChangeFeedOptions.SectionName}:Routes:{route}:{setting} is required.");
}
