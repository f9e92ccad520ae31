namespace ChangeFeed.Contract;

/// <summary>
/// The version of the wire contract (the AsyncAPI document's <c>info.version</c>), semantic: a compatible change raises
/// the minor version, a breaking one the major (docs/decisions/0025-versioning-the-event-contract.md). Every change
/// of it has an entry in CHANGELOG.md at the repository root.
/// </summary>
public static class ContractVersion
{
    public const string Current = "1.0.0";
}
