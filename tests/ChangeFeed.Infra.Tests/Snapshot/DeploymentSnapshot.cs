using System.Text.Json;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// What `bicep snapshot` predicts a deployment creates: every resource with its id, name and properties
/// (values known only at deploy time stay ARM expressions such as "[reference(...).clientId]"), and the outputs.
/// </summary>
public sealed class DeploymentSnapshot(string json)
{
    private readonly JsonElement root = JsonDocument.Parse(json).RootElement;

    public string Json { get; } = json;

    public IReadOnlyList<JsonElement> Resources => [.. root.GetProperty("predictedResources").EnumerateArray()];

    public JsonElement Outputs => root.GetProperty("outputs");

    public IReadOnlyList<JsonElement> OfType(string type) =>
        [.. Resources.Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase))];

    public JsonElement One(string type) => Assert.Single(OfType(type));

    /// <summary>The one resource of a type whose name ends with the given segment(s), e.g. "changefeed/leases".</summary>
    public JsonElement Named(string type, string nameSuffix) =>
        Assert.Single(OfType(type), r => r.GetProperty("name").GetString()!.EndsWith("/" + nameSuffix, StringComparison.Ordinal)
            || r.GetProperty("name").GetString() == nameSuffix);

    public string Id(string type) => One(type).GetProperty("id").GetString()!;
}
