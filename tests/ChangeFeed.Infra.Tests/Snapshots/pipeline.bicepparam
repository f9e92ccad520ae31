// Fixed inputs for the deployment snapshot of infra/main.bicep as the pipeline provisions it
// (.github/workflows/azure-dev.yml: AZURE_GRANT_DEVELOPER_DATA_ROLES=false; see SnapshotTests).
using '../../../infra/main.bicep'

param environmentName = 'snapshot'
param location = 'swedencentral'
param principalId = '11111111-2222-3333-4444-555555555555'
param principalType = 'ServicePrincipal'
param grantDeveloperDataRoles = false
param docsUrl = 'https://github.com/contoso/changefeed/blob/0123456789abcdef0123456789abcdef01234567/docs'
