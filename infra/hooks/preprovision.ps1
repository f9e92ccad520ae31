#!/usr/bin/env pwsh
# azd preprovision hook (Windows): with VNET_ENABLED=true, makes sure the subscription has the Microsoft.App resource
# provider registered. Flex Consumption delegates its integration subnet to Microsoft.App/environments, which needs it,
# and a deployment registers only the providers of the resources it creates (a subnet delegation creates none).
# Needs the Azure CLI, signed in (az login). Keep in step with preprovision.sh.
$ErrorActionPreference = 'Stop'

# azd passes its environment's values to hooks as environment variables; true as azd parses booleans.
if (@('1', 't', 'T', 'true', 'True', 'TRUE') -notcontains $env:VNET_ENABLED) { exit 0 }

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
  throw "preprovision: VNET_ENABLED=true needs the Microsoft.App resource provider registered in the subscription, and this hook registers it with the Azure CLI (az), which is not installed. Install it and run 'az login', or register the provider once: az provider register --namespace Microsoft.App --wait"
}

$subscription = if ($env:AZURE_SUBSCRIPTION_ID) { @('--subscription', $env:AZURE_SUBSCRIPTION_ID) } else { @() }

$state = az provider show --namespace Microsoft.App --query registrationState --output tsv @subscription
if ($LASTEXITCODE -ne 0) {
  throw "preprovision: could not read the Microsoft.App resource provider's registration with the Azure CLI; sign in with 'az login' (to the subscription azd deploys to)."
}

if ($state -eq 'Registered') { exit 0 }

Write-Host "preprovision: registering the Microsoft.App resource provider (needed by VNET_ENABLED=true; it was '$state')."
az provider register --namespace Microsoft.App --wait @subscription
if ($LASTEXITCODE -ne 0) { throw 'preprovision: az provider register --namespace Microsoft.App failed' }
