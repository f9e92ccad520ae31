#!/usr/bin/env pwsh
# azd postprovision hook (Windows): writes src/ChangeFeed.Functions/local.settings.json (where Functions Core
# Tools reads it: `func start` in that folder) from the azd environment, so the relay can run locally against the
# provisioned Cosmos DB, Service Bus and claim check storage. Same keys as local.settings.sample.json, except identity-based connections.
# Identity-based connections without credential/clientId: locally DefaultAzureCredential signs in
# as the developer (az login / azd auth login), who got the data-plane roles in infra/main.bicep.
# The Functions host storage is Azurite (UseDevelopmentStorage=true); large events go to the deployed claim check
# container, where subscribers read them.
# LOCAL_SETTINGS_PATH overrides the output file. Keep in step with postprovision.sh.
$ErrorActionPreference = 'Stop'

$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$out = if ($env:LOCAL_SETTINGS_PATH) { $env:LOCAL_SETTINGS_PATH } else { Join-Path $root 'src/ChangeFeed.Functions/local.settings.json' }

$envValues = azd env get-values --output json | ConvertFrom-Json
if ($LASTEXITCODE -ne 0) { throw 'postprovision: azd env get-values failed' }

function Get-Value([string] $name) {
  $value = $envValues.$name
  if ([string]::IsNullOrEmpty($value)) {
    throw "postprovision: $name is not in the azd environment (was infra/main.bicep provisioned?)"
  }
  return [string] $value
}

$database = Get-Value 'AZURE_COSMOS_DATABASE'
$values = [ordered]@{
  AzureWebJobsStorage                              = 'UseDevelopmentStorage=true'
  FUNCTIONS_WORKER_RUNTIME                         = 'dotnet-isolated'
  COSMOS__accountEndpoint                          = Get-Value 'AZURE_COSMOS_ENDPOINT'
  SERVICEBUS__fullyQualifiedNamespace              = Get-Value 'AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE'
  # May be empty (no partitioned topic); missing reads as empty.
  SERVICEBUS_PARTITIONED_TOPICS                    = [string] $envValues.AZURE_SERVICEBUS_PARTITIONED_TOPICS
  CLAIMCHECK__serviceUri                           = Get-Value 'AZURE_CLAIMCHECK_BLOB_ENDPOINT'
  CLAIMCHECK_CONTAINER                             = Get-Value 'AZURE_CLAIMCHECK_CONTAINER'
  COSMOS_DATABASE                                  = $database
  COSMOS_LEASES_CONTAINER                          = Get-Value 'AZURE_COSMOS_LEASES_CONTAINER'
  COSMOS_PARKED_CONTAINER                          = Get-Value 'AZURE_COSMOS_PARKED_CONTAINER'
  COSMOS_PARKED_TTL                                = Get-Value 'AZURE_COSMOS_PARKED_TTL'
  ORDERS_CONTAINER                                 = Get-Value 'AZURE_COSMOS_ORDERS_CONTAINER'
  OUTBOX_CONTAINER                                 = Get-Value 'AZURE_COSMOS_OUTBOX_CONTAINER'
  EVENTS_CONTAINER                                 = Get-Value 'AZURE_COSMOS_EVENTS_CONTAINER'
  ChangeFeed__Account                              = Get-Value 'AZURE_COSMOS_ACCOUNT_NAME'
  ChangeFeed__Routes__orders__Mode                 = 'cdc'
  ChangeFeed__Routes__orders__Database             = $database
  ChangeFeed__Routes__orders__Container            = Get-Value 'AZURE_COSMOS_ORDERS_CONTAINER'
  ChangeFeed__Routes__orders__Topic                = Get-Value 'AZURE_SERVICEBUS_TOPIC_CDC'
  ChangeFeed__Routes__orders__PartitionKeyPath     = Get-Value 'AZURE_COSMOS_ORDERS_PARTITION_KEY_PATH'
  ChangeFeed__Routes__orders__EventType            = 'com.contoso.orders.order'
  ChangeFeed__Routes__orders__SoftDeleteProperty   = 'isDeleted'
  ChangeFeed__Routes__outbox__Mode                 = 'outbox'
  ChangeFeed__Routes__outbox__Database             = $database
  ChangeFeed__Routes__outbox__Container            = Get-Value 'AZURE_COSMOS_OUTBOX_CONTAINER'
  ChangeFeed__Routes__outbox__Topic                = Get-Value 'AZURE_SERVICEBUS_TOPIC_OUTBOX'
  ChangeFeed__Routes__outbox__PartitionKeyPath     = '/partitionKey'
  ChangeFeed__Routes__outbox__EventTypes           = 'com.contoso.orders.OrderPlaced,com.contoso.orders.OrderShipped'
  ChangeFeed__Routes__eventstore__Mode             = 'eventstore'
  ChangeFeed__Routes__eventstore__Database         = $database
  ChangeFeed__Routes__eventstore__Container        = Get-Value 'AZURE_COSMOS_EVENTS_CONTAINER'
  ChangeFeed__Routes__eventstore__Topic            = Get-Value 'AZURE_SERVICEBUS_TOPIC_EVENTSTORE'
  ChangeFeed__Routes__eventstore__PartitionKeyPath = '/streamId'
  ChangeFeed__Routes__eventstore__TypeProperty     = 'type'
  ChangeFeed__Routes__eventstore__TypePrefix       = 'com.contoso.orders.'
  ChangeFeed__Routes__eventstore__EventTypes       = 'com.contoso.orders.OrderPlaced,com.contoso.orders.OrderShipped'
}

[ordered]@{ IsEncrypted = $false; Values = $values } |
  ConvertTo-Json -Depth 3 |
  Set-Content -Path $out -Encoding utf8

Write-Host "postprovision: wrote $out"
