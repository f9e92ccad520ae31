// Blob Storage for the claim check (docs/large-events.md): the data of events too large for a Service Bus message on
// their topic, one blob per event (<topic>/<event id>), read by subscribers through the event's `dataref`, deleted by a
// lifecycle rule after `retentionDays`.
//
// A dedicated account rather than the Function App's storage account, because:
// - least privilege: the relay holds Storage Blob Data Owner on the Function App's account (AzureWebJobsStorage needs
//   it), so a container role there would grant it nothing narrower; here it holds Blob Data Contributor on one
//   container and nothing else;
// - subscribers are other teams' systems: their read role, and their network path to Blob Storage, stay away from the
//   account that holds the app's deployment package, host locks and keys;
// - a lifecycle management policy is one per account: this one can only ever delete claim-checked data.
// Hardened like the Function App's account: no shared key, no public blob access, TLS 1.2, private with vnetEnabled.

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Blob container of the claim-checked event data.')
param containerName string

@description('Days a blob is kept after it was last written; must outlive the topics\' message time to live.')
@minValue(1)
param retentionDays int

@description('When true, public network access is disabled and the account is reached through a private endpoint.')
param vnetEnabled bool = false

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: vnetEnabled ? 'Disabled' : 'Enabled'
    // As the Function App's account: with private networking only the private endpoint reaches it, no exception for
    // trusted Azure services.
    networkAcls: {
      bypass: vnetEnabled ? 'None' : 'AzureServices'
      defaultAction: vnetEnabled ? 'Deny' : 'Allow'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource container 'containers' = {
      name: containerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  // Counted from the last write: a retried relay overwrites its blob, which then lives a full retention again.
  resource lifecycle 'managementPolicies' = {
    name: 'default'
    properties: {
      policy: {
        rules: [
          {
            name: 'expire-large-events'
            enabled: true
            type: 'Lifecycle'
            definition: {
              filters: {
                blobTypes: ['blockBlob']
                prefixMatch: ['${containerName}/']
              }
              actions: {
                baseBlob: {
                  delete: {
                    daysAfterModificationGreaterThan: retentionDays
                  }
                }
              }
            }
          }
        ]
      }
    }
  }
}

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output containerName string = storage::blobService::container.name
