#!/usr/bin/env pwsh
# azd postprovision hook (Windows): writes src/ChangeFeed.Functions/local.settings.json (where Functions Core
# Tools reads it: `func start` in that folder) from the azd environment, so the relay can run locally against the
# provisioned Cosmos DB, Service Bus and claim check storage. Same keys as local.settings.sample.json, except identity-based connections.
# Identity-based connections without credential/clientId: locally DefaultAzureCredential signs in
# as the developer (az login / azd auth login), who got the data-plane roles in infra/main.bicep.
# The Functions host storage is Azurite (UseDevelopmentStorage=true); large events go to the deployed claim check
# container, where subscribers read them.
# Then, when the signed-in principal was granted data roles (AZURE_DEVELOPER_DATA_ROLES), it waits until they work:
# `check` (src/ChangeFeed.Host) with those settings until it passes, for at most AZURE_ROLE_WAIT_SECONDS (default 900;
# 0 skips the wait), every AZURE_ROLE_WAIT_INTERVAL_SECONDS (default 20).
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

$developerRoles = [string] $envValues.AZURE_DEVELOPER_DATA_ROLES
$timeout = if ($env:AZURE_ROLE_WAIT_SECONDS) { [int] $env:AZURE_ROLE_WAIT_SECONDS } else { 900 }
$interval = if ($env:AZURE_ROLE_WAIT_INTERVAL_SECONDS) { [int] $env:AZURE_ROLE_WAIT_INTERVAL_SECONDS } else { 20 }

if ($developerRoles -ne 'true') {
  Write-Host "postprovision: not waiting for role propagation: AZURE_DEVELOPER_DATA_ROLES is '$developerRoles', so the signed-in principal holds no data roles to try (grantDeveloperDataRoles=false, as in the pipeline). The relay retries its first batches until its own roles apply."
  exit 0
}
if ([string] $envValues.AZURE_VNET_ENABLED -eq 'true') {
  Write-Host 'postprovision: not waiting for role propagation: with private networking the data services are reachable only from inside the VNet; run check from there.'
  exit 0
}
if ($timeout -le 0) {
  Write-Host "postprovision: not waiting for role propagation (AZURE_ROLE_WAIT_SECONDS=$timeout)."
  exit 0
}

$hostProject = Join-Path $root 'src/ChangeFeed.Host'
Write-Host "postprovision: waiting up to $($timeout)s for the data-plane roles to apply: running check as you (Cosmos DB containers, change feed, lease and parked writes, the topics, the claim check container) until it passes."
dotnet build $hostProject --nologo --verbosity quiet | Out-Null
if ($LASTEXITCODE -ne 0) { throw 'postprovision: dotnet build src/ChangeFeed.Host failed' }
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$attempt = 0
while ($true) {
  $attempt++
  $result = (dotnet run --no-build --project $hostProject -- check --settings $out 2>&1 | Out-String)
  $status = $LASTEXITCODE
  $elapsed = [int] $clock.Elapsed.TotalSeconds
  if ($status -eq 0) {
    Write-Host "postprovision: check passed on attempt $attempt after $($elapsed)s: the data-plane roles have applied."
    exit 0
  }
  if ($status -ne 1) {
    # 2 (usage) and 4 (incomplete settings) are not a matter of waiting.
    Write-Host $result
    throw "postprovision: check exited with $status, which waiting does not change."
  }
  if ($elapsed + $interval -gt $timeout) {
    Write-Host $result
    throw "postprovision: the data-plane roles did not all work within $($timeout)s (attempt $attempt). What failed is above; see docs/deploy.md, `"Roles take minutes to apply`"."
  }
  $summary = ($result -split "`n" | Where-Object { $_.Trim() } | Select-Object -Last 1).Trim()
  Write-Host "postprovision: attempt $attempt after $($elapsed)s of $($timeout)s: $summary; trying again in $($interval)s."
  Start-Sleep -Seconds $interval
}
