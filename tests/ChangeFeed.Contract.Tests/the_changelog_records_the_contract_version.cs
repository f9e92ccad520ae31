using System.Text.Json.Nodes;

namespace ChangeFeed.Contract.Tests;

/// <summary>
/// The contract's version (decision 0025) is stated once in code, carried by the committed document as
/// <c>info.version</c>, and has its entry in CHANGELOG.md: a version bump without a changelog entry fails.
/// </summary>
public sealed class the_changelog_records_the_contract_version
{
    [Fact]
    public void the_committed_document_carries_the_current_version() =>
        Assert.Equal(ContractVersion.Current, (string?)JsonNode.Parse(Repo.Read(Repo.Contract))!["info"]!["version"]);

    [Fact]
    public void the_changelog_has_an_entry_for_it() =>
        Assert.Contains($"\n## {ContractVersion.Current} ", Repo.Read("CHANGELOG.md"), StringComparison.Ordinal);
}
