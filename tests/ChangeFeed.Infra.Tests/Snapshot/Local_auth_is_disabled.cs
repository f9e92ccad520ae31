using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>No keys: every data service accepts only Microsoft Entra ID, whatever the parameters.</summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Local_auth_is_disabled(BicepFixture bicep)
{
    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    public void cosmos_db_accepts_no_keys(string name)
    {
        var account = Snapshot(name).One(CosmosAccount);

        Assert.True(account.Flag("properties.disableLocalAuth"));
        Assert.True(account.Flag("properties.disableKeyBasedMetadataWriteAccess"));
    }

    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    public void service_bus_accepts_no_sas_keys(string name) =>
        Assert.True(Snapshot(name).One(ServiceBusNamespace).Flag("properties.disableLocalAuth"));

    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    public void application_insights_ingests_only_with_entra_id(string name) =>
        Assert.True(Snapshot(name).One(ApplicationInsights).Flag("properties.DisableLocalAuth"));

    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    public void log_analytics_accepts_no_shared_keys(string name) =>
        Assert.True(Snapshot(name).One(LogAnalytics).Flag("properties.features.disableLocalAuth"));

    [Theory]
    [InlineData("main")]
    [InlineData("private")]
    public void storage_has_shared_key_access_off(string name)
    {
        Assert.Equal(2, Snapshot(name).OfType(StorageAccount).Count); // the Function App's and the claim check's
        Assert.All(Snapshot(name).OfType(StorageAccount), storage =>
        {
            Assert.False(storage.Flag("properties.allowSharedKeyAccess"));
            Assert.False(storage.Flag("properties.allowBlobPublicAccess"));
            Assert.True(storage.Flag("properties.defaultToOAuthAuthentication"));
        });
        Assert.All(Snapshot(name).OfType(BlobContainer), container => Assert.Equal("None", container.Text("properties.publicAccess")));
    }

    private DeploymentSnapshot Snapshot(string name) => bicep.Snapshots[BicepFixture.Cases.Single(c => c.Name == name)];
}
