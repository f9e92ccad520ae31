// Fixed inputs for the deployment snapshot of infra/main.bicep with Standard topics created partitioned
// (see SnapshotTests).
using '../../../infra/main.bicep'

param environmentName = 'snapshot'
param location = 'swedencentral'
param principalId = '11111111-2222-3333-4444-555555555555'
param principalType = 'User'
param serviceBusEnablePartitioning = true
