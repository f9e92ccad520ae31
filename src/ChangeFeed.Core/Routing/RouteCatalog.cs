using ChangeFeed.Configuration;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Routing;

/// <summary>The configured routes, parsed once from validated options.</summary>
public sealed class RouteCatalog
{
    private readonly Dictionary<string, Route> routes;

    public RouteCatalog(IOptions<ChangeFeedOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        routes = value.Routes.ToDictionary(
            pair => pair.Key,
            pair => Route.From(pair.Key, pair.Value, value.Account!),
            StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<Route> All => routes.Values;

    /// <summary>The route with this name; a clear error when it is not configured.</summary>
    public Route Get(string name) =>
        routes.TryGetValue(name, out var route)
            ? route
            : throw new InvalidOperationException(
                $"No route named '{name}' is configured under {ChangeFeedOptions.SectionName}:Routes (configured: {string.Join(", ", routes.Keys.Order(StringComparer.Ordinal))}).");
}
