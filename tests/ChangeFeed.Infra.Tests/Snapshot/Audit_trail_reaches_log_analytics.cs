using System.Text.Json;
using ChangeFeed.Infra.Tests.Bicep;
using static ChangeFeed.Infra.Tests.Snapshot.ResourceTypes;

namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>
/// Access is by identity only, so the audit trail is the services' request logs: diagnostic settings send Cosmos DB's
/// data- and control-plane requests, Service Bus's operational (and, on Premium, runtime audit) logs, both storage
/// accounts' blob reads, writes and deletes and the Function App's host log to the Log Analytics workspace, kept for
/// logRetentionInDays; docs/operations.md shows the query that lists who read or wrote what with which identity.
/// </summary>
[Collection(SharedBicepRuns.Name)]
public sealed class Audit_trail_reaches_log_analytics(BicepFixture bicep)
{
    public static TheoryData<string> Cases => new(BicepFixture.Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void every_data_service_and_the_app_send_their_logs_to_the_workspace(string snapshotName)
    {
        var snapshot = Snapshot(snapshotName);
        var workspace = snapshot.Id(LogAnalytics);
        string[] logged = [snapshot.Id(CosmosAccount), snapshot.Id(ServiceBusNamespace), snapshot.Id(Site),
            $"{snapshot.HostStorage().Text("id")}/blobServices/default", $"{snapshot.LargeEventsStorage().Text("id")}/blobServices/default"];

        Assert.Equal(logged.Order(), snapshot.OfType(DiagnosticSetting).Select(Scope).Order());
        Assert.All(snapshot.OfType(DiagnosticSetting), setting => Assert.Equal(workspace, setting.Text("properties.workspaceId")));
    }

    [Fact]
    public void cosmos_db_logs_data_and_control_plane_requests_in_resource_specific_tables()
    {
        var setting = SettingOn(bicep.Default, bicep.Default.Id(CosmosAccount));

        Assert.Equal("Dedicated", setting.Text("properties.logAnalyticsDestinationType"));
        Assert.Contains("DataPlaneRequests", Categories(setting));
        Assert.Contains("ControlPlaneRequests", Categories(setting));
    }

    [Fact]
    public void service_bus_logs_runtime_audit_where_the_tier_has_it()
    {
        // Runtime audit logs (sends and receives with the caller's identity) exist on Premium only.
        var standard = Categories(SettingOn(bicep.Default, bicep.Default.Id(ServiceBusNamespace)));
        var premium = Categories(SettingOn(bicep.Private, bicep.Private.Id(ServiceBusNamespace)));

        Assert.Equal("Standard", bicep.Default.One(ServiceBusNamespace).Text("sku.name"));
        Assert.Contains("OperationalLogs", standard);
        Assert.DoesNotContain("RuntimeAuditLogs", standard);
        Assert.Equal("Premium", bicep.Private.One(ServiceBusNamespace).Text("sku.name"));
        Assert.Contains("OperationalLogs", premium);
        Assert.Contains("RuntimeAuditLogs", premium);
    }

    [Fact]
    public void both_storage_accounts_log_blob_reads_writes_and_deletes()
    {
        foreach (var account in new[] { bicep.Default.HostStorage(), bicep.Default.LargeEventsStorage() })
            Assert.Equal(["StorageDelete", "StorageRead", "StorageWrite"], Categories(SettingOn(bicep.Default, $"{account.Text("id")}/blobServices/default")).Order());
    }

    [Fact]
    public void the_function_app_logs_its_host()
    {
        Assert.Equal(["FunctionAppLogs"], Categories(SettingOn(bicep.Default, bicep.Default.Id(Site))));
    }

    [Fact]
    public void retention_is_a_parameter()
    {
        // 90 days by default; the private case sets logRetentionInDays = 365.
        Assert.Equal(90, bicep.Default.One(LogAnalytics).Number("properties.retentionInDays"));
        Assert.Equal(365, bicep.Private.One(LogAnalytics).Number("properties.retentionInDays"));
        Assert.Contains("${LOG_RETENTION_DAYS=90}", File.ReadAllText(TestPaths.InRepo("infra", "main.parameters.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void the_documented_audit_query_reads_the_tables_the_settings_fill()
    {
        // Resource-specific tables of the categories deployed (Azure Monitor's table reference).
        var tables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CDBDataPlaneRequests"] = "DataPlaneRequests",
            ["StorageBlobLogs"] = "StorageRead",
            ["AZMSRuntimeAuditLogs"] = "RuntimeAuditLogs",
        };
        var page = File.ReadAllText(TestPaths.InRepo("docs", "operations.md"));
        var section = page[page.IndexOf("## Audit trail", StringComparison.Ordinal)..];
        var deployed = bicep.Private.OfType(DiagnosticSetting).SelectMany(Categories).ToHashSet(StringComparer.Ordinal);

        Assert.All(tables, table =>
        {
            Assert.Contains(table.Key, section, StringComparison.Ordinal);
            Assert.Contains(table.Value, deployed);
        });
        Assert.Contains("AadPrincipalId", section, StringComparison.Ordinal);
        Assert.Contains("RequesterObjectId", section, StringComparison.Ordinal);
    }

    private DeploymentSnapshot Snapshot(string name) => bicep.Snapshots[BicepFixture.Cases.Single(c => c.Name == name)];

    /// <summary>The resource a diagnostic setting is on: its id up to /providers/Microsoft.Insights/diagnosticSettings.</summary>
    private static string Scope(JsonElement setting)
    {
        var id = setting.Text("id");
        return id[..id.IndexOf("/providers/Microsoft.Insights/diagnosticSettings/", StringComparison.Ordinal)];
    }

    private static JsonElement SettingOn(DeploymentSnapshot snapshot, string resourceId) =>
        Assert.Single(snapshot.OfType(DiagnosticSetting), s => Scope(s) == resourceId);

    private static List<string> Categories(JsonElement setting) =>
        [.. setting.At("properties.logs").EnumerateArray().Where(l => l.GetProperty("enabled").GetBoolean()).Select(l => l.Text("category"))];
}
