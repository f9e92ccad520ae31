using ChangeFeed.CommandLine;
using ChangeFeed.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeFeed.Host.Commands;

/// <summary>"Did you mean …?" for a route name that is not configured.</summary>
internal static class RouteNames
{
    public static string DidYouMean(string route, IServiceProvider services) =>
        Suggestion.DidYouMean(route, services.GetRequiredService<RouteCatalog>().All.Select(known => known.Name));
}
