namespace ChangeFeed.Infra.Tests.Bicep;

/// <summary>Every test class that reads Bicep results shares one <see cref="BicepFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SharedBicepRuns : ICollectionFixture<BicepFixture>
{
    public const string Name = "bicep";
}
