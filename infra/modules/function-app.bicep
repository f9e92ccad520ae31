// The relay: an isolated-worker .NET function app on a Flex Consumption plan. It runs as a user-assigned
// identity; every connection (host storage, deployment package, Cosmos DB, Service Bus, App Insights)
// is identity-based, so no app setting holds a secret.

@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Region.')
param location string

@description('Tags for the plan (the app also gets azd-service-name).')
param tags object

@description('azd service name (azure.yaml) this app hosts.')
param serviceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

@description('Largest number of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of one instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Application Insights connection string (identifies the component; carries no key).')
param applicationInsightsConnectionString string

@description('App settings beyond the host and monitoring ones (identity-based connections and routes).')
param appSettings object

@description('Subnet for outbound virtual network integration; empty for none.')
param virtualNetworkSubnetId string = ''

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION: the runtime
  // is functionAppConfig.runtime above.
  resource settings 'config' = {
    name: 'appsettings'
    properties: union(appSettings, {
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
      // No placeholder (pre-started) worker. .NET 10 isolated workers on Flex Consumption crash with SIGSEGV (exit 139)
      // in runs of minutes under ordinary load when started from a placeholder: azure-functions-dotnet-worker issue
      // 3335, open and without a fix when checked (November 2026), its reporters confirming this setting as the
      // workaround as late as September 2026. Each crash fails the batches in flight (retried from the last
      // checkpoint: nothing lost, but stalls and duplicates). The cost is a slower cold start, which delays the first
      // batch after scale-from-zero by seconds; the relay serves no HTTP caller. Remove it once that issue is fixed.
      WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED: '0'
    })
  }

  resource ftp 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scm 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output id string = app.id
output name string = app.name
output defaultHostName string = app.properties.defaultHostName
