// Fixed inputs for the deployment snapshot of infra/main.bicep with private networking and the
// Premium Service Bus tier, partitioned in two (see SnapshotTests).
using '../../../infra/main.bicep'

param environmentName = 'snapshot'
param location = 'swedencentral'
param principalId = '11111111-2222-3333-4444-555555555555'
param principalType = 'User'
param vnetEnabled = true
param serviceBusSku = 'Premium'
param serviceBusMaxMessageSizeInKilobytes = 102400
param serviceBusPremiumMessagingPartitions = 2
param largeEventRetentionDays = 45
param cosmosProvisionedThroughput = 1000
param cosmosContinuousBackup = true
param parkedTimeToLiveSeconds = 90061
param alertEmail = 'operators@contoso.example'
param logRetentionInDays = 365
