// Cosmos DB for NoSQL: one database with the data, outbox, event store, lease and parking containers (and the
// sample subscriber's projections).
// Keys are disabled (disableLocalAuth): every client authenticates with Entra ID and a data-plane role.

@description('Account name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Database name.')
param databaseName string

@description('Containers: name, partitionKeyPath and defaultTtl (-1 = TTL on without default expiry, null = TTL off).')
param containers containerSpec[]

@description('0 = serverless (pay per request). Above 0 = provisioned, shared throughput for the database in RU/s (min 400).')
@minValue(0)
param provisionedThroughput int = 0

@description('Continuous backup (7 days). Required for the change feed all-versions-and-deletes mode.')
param continuousBackup bool = false

@description('When true, public network access is disabled and the account is reached through a private endpoint.')
param vnetEnabled bool = false

@export()
@description('A container to create in the database.')
type containerSpec = {
  name: string
  partitionKeyPath: string
  defaultTtl: int?
}

var serverless = provisionedThroughput == 0

resource account 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: serverless ? [{ name: 'EnableServerless' }] : []
    backupPolicy: continuousBackup
      ? {
          type: 'Continuous'
          continuousModeProperties: {
            tier: 'Continuous7Days'
          }
        }
      : {
          type: 'Periodic'
          periodicModeProperties: {
            backupIntervalInMinutes: 240
            backupRetentionIntervalInHours: 8
            backupStorageRedundancy: 'Local'
          }
        }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: vnetEnabled ? 'Disabled' : 'Enabled'
  }

  resource database 'sqlDatabases' = {
    name: databaseName
    properties: {
      resource: {
        id: databaseName
      }
      options: serverless ? {} : { throughput: provisionedThroughput }
    }

    // One at a time: containers sharing the database's throughput are refused when created concurrently
    // ("multiple shared RU collection creates are competing"); six containers cost a few extra seconds.
    @batchSize(1)
    resource sqlContainers 'containers' = [
      for container in containers: {
        name: container.name
        properties: {
          resource: union(
            {
              id: container.name
              partitionKey: {
                paths: [container.partitionKeyPath]
                kind: 'Hash'
                version: 2
              }
            },
            container.?defaultTtl == null ? {} : { defaultTtl: container.?defaultTtl }
          )
        }
      }
    ]
  }
}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = account::database.name
