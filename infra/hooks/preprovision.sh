#!/bin/sh
# azd preprovision hook: with VNET_ENABLED=true, makes sure the subscription has the Microsoft.App resource provider
# registered. Flex Consumption delegates its integration subnet to Microsoft.App/environments, which needs it, and a
# deployment registers only the providers of the resources it creates (a subnet delegation creates none).
# Needs the Azure CLI, signed in (az login; in the pipeline, azure/login). Keep in step with preprovision.ps1.
set -eu

# azd passes its environment's values to hooks as environment variables; true as azd parses booleans.
case "${VNET_ENABLED:-false}" in
  1 | t | T | true | True | TRUE) ;;
  *) exit 0 ;;
esac

if ! command -v az >/dev/null 2>&1; then
  echo "preprovision: VNET_ENABLED=true needs the Microsoft.App resource provider registered in the subscription, and this hook registers it with the Azure CLI (az), which is not installed. Install it and run 'az login', or register the provider once: az provider register --namespace Microsoft.App --wait" >&2
  exit 1
fi

if [ -n "${AZURE_SUBSCRIPTION_ID:-}" ]; then
  set -- --subscription "$AZURE_SUBSCRIPTION_ID"
else
  set --
fi

if ! state="$(az provider show --namespace Microsoft.App --query registrationState --output tsv "$@")"; then
  echo "preprovision: could not read the Microsoft.App resource provider's registration with the Azure CLI; sign in with 'az login' (to the subscription azd deploys to)." >&2
  exit 1
fi

if [ "$state" = "Registered" ]; then
  exit 0
fi

echo "preprovision: registering the Microsoft.App resource provider (needed by VNET_ENABLED=true; it was '$state')."
az provider register --namespace Microsoft.App --wait "$@"
