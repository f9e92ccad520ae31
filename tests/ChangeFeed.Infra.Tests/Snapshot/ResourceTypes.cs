namespace ChangeFeed.Infra.Tests.Snapshot;

/// <summary>ARM resource types the snapshot tests look at.</summary>
public static class ResourceTypes
{
    public const string Identity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string LogAnalytics = "Microsoft.OperationalInsights/workspaces";
    public const string ApplicationInsights = "Microsoft.Insights/components";
    public const string ActionGroup = "Microsoft.Insights/actionGroups";
    public const string LogAlert = "Microsoft.Insights/scheduledQueryRules";
    public const string MetricAlert = "Microsoft.Insights/metricAlerts";
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string CosmosAccount = "Microsoft.DocumentDB/databaseAccounts";
    public const string CosmosDatabase = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases";
    public const string CosmosContainer = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";
    public const string CosmosRoleAssignment = "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments";
    public const string CosmosRoleDefinition = "Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions";
    public const string ServiceBusNamespace = "Microsoft.ServiceBus/namespaces";
    public const string Topic = "Microsoft.ServiceBus/namespaces/topics";
    public const string Subscription = "Microsoft.ServiceBus/namespaces/topics/subscriptions";
    public const string Rule = "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules";
    public const string Plan = "Microsoft.Web/serverfarms";
    public const string Site = "Microsoft.Web/sites";
    public const string SiteConfig = "Microsoft.Web/sites/config";
    public const string PublishingPolicy = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string VirtualNetwork = "Microsoft.Network/virtualNetworks";
    public const string PrivateEndpoint = "Microsoft.Network/privateEndpoints";
    public const string PrivateDnsZone = "Microsoft.Network/privateDnsZones";
    public const string PrivateDnsZoneLink = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
    public const string PrivateDnsZoneGroup = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";
    public const string NetworkSecurityGroup = "Microsoft.Network/networkSecurityGroups";
    public const string NatGateway = "Microsoft.Network/natGateways";
    public const string PublicIpAddress = "Microsoft.Network/publicIPAddresses";
    public const string DiagnosticSetting = "Microsoft.Insights/diagnosticSettings";
    public const string Workbook = "Microsoft.Insights/workbooks";
}
