using System.Text.Json;

namespace ChangeFeed.Routing;

/// <summary>
/// Marks a change that is not a write: a host reading the change feed in all-versions-and-deletes mode sets
/// <see cref="Property"/> on the document it hands over, since a delete has no document of its own. Latest-version
/// mode never sees deletes, so its documents carry no marker.
/// </summary>
public static class ChangeOperation
{
    /// <summary>The marker property; never part of event data.</summary>
    public const string Property = "_changeFeedOperation";

    /// <summary>The document was deleted.</summary>
    public const string Delete = "delete";

    /// <summary>The document expired by TTL (a delete the application did not make itself).</summary>
    public const string Expire = "expire";

    internal static string? Of(JsonElement document) =>
        document.TryFind(Property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
