#!/bin/sh
# azd postprovision hook: writes src/ChangeFeed.Functions/local.settings.json (where Functions Core Tools reads
# it: `func start` in that folder) from the azd environment, so the relay can run locally against the provisioned
# Cosmos DB, Service Bus and claim check storage. Same keys as local.settings.sample.json (the emulator variant),
# except that the connections are identity-based (COSMOS__accountEndpoint, SERVICEBUS__fullyQualifiedNamespace,
# CLAIMCHECK__serviceUri: large events go to the deployed container, where subscribers read them).
# Identity-based connections without credential/clientId: locally DefaultAzureCredential signs in
# as the developer (az login / azd auth login), who got the data-plane roles in infra/main.bicep.
# The Functions host storage is Azurite (UseDevelopmentStorage=true).
# Then, when the signed-in principal was granted data roles (AZURE_DEVELOPER_DATA_ROLES), it waits until they work:
# it runs `check` (src/ChangeFeed.Host) with those settings until it passes, for at most AZURE_ROLE_WAIT_SECONDS
# (default 900; 0 skips the wait), every AZURE_ROLE_WAIT_INTERVAL_SECONDS (default 20). Role assignments take minutes
# to apply after the deployment created them; the developer's were made in the same deployment as the relay's.
# LOCAL_SETTINGS_PATH overrides the output file (used by tests).
set -eu

root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${LOCAL_SETTINGS_PATH:-$root/src/ChangeFeed.Functions/local.settings.json}"

values="$(azd env get-values)"

# Reads one KEY="value" line of `azd env get-values`; fails when the key is missing.
get() {
  line="$(printf '%s\n' "$values" | grep "^$1=" | head -n 1 || true)"
  if [ -z "$line" ]; then
    echo "postprovision: $1 is not in the azd environment (was infra/main.bicep provisioned?)" >&2
    exit 1
  fi
  value="${line#*=}"
  value="${value#\"}"
  value="${value%\"}"
  printf '%s' "$value"
}

# The same for an output that may be empty (azd may leave an empty output out): missing reads as empty.
optional() {
  line="$(printf '%s\n' "$values" | grep "^$1=" | head -n 1 || true)"
  value="${line#*=}"
  value="${value#\"}"
  value="${value%\"}"
  printf '%s' "$value"
}

# JSON string escaping for the few characters that can occur in these values.
json() {
  printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

cosmos_endpoint="$(get AZURE_COSMOS_ENDPOINT)"
servicebus_namespace="$(get AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE)"
claimcheck_endpoint="$(get AZURE_CLAIMCHECK_BLOB_ENDPOINT)"
claimcheck_container="$(get AZURE_CLAIMCHECK_CONTAINER)"
cosmos_account="$(get AZURE_COSMOS_ACCOUNT_NAME)"
database="$(get AZURE_COSMOS_DATABASE)"
orders="$(get AZURE_COSMOS_ORDERS_CONTAINER)"
orders_pk="$(get AZURE_COSMOS_ORDERS_PARTITION_KEY_PATH)"
outbox="$(get AZURE_COSMOS_OUTBOX_CONTAINER)"
events="$(get AZURE_COSMOS_EVENTS_CONTAINER)"
leases="$(get AZURE_COSMOS_LEASES_CONTAINER)"
parked="$(get AZURE_COSMOS_PARKED_CONTAINER)"
parked_ttl="$(get AZURE_COSMOS_PARKED_TTL)"
topic_cdc="$(get AZURE_SERVICEBUS_TOPIC_CDC)"
topic_outbox="$(get AZURE_SERVICEBUS_TOPIC_OUTBOX)"
topic_eventstore="$(get AZURE_SERVICEBUS_TOPIC_EVENTSTORE)"
partitioned_topics="$(optional AZURE_SERVICEBUS_PARTITIONED_TOPICS)"

cat > "$out" <<JSON
{
  "IsEncrypted": false,
  "Values": {
    "AzureWebJobsStorage": "UseDevelopmentStorage=true",
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "COSMOS__accountEndpoint": "$(json "$cosmos_endpoint")",
    "SERVICEBUS__fullyQualifiedNamespace": "$(json "$servicebus_namespace")",
    "SERVICEBUS_PARTITIONED_TOPICS": "$(json "$partitioned_topics")",
    "CLAIMCHECK__serviceUri": "$(json "$claimcheck_endpoint")",
    "CLAIMCHECK_CONTAINER": "$(json "$claimcheck_container")",
    "COSMOS_DATABASE": "$(json "$database")",
    "COSMOS_LEASES_CONTAINER": "$(json "$leases")",
    "COSMOS_PARKED_CONTAINER": "$(json "$parked")",
    "COSMOS_PARKED_TTL": "$(json "$parked_ttl")",
    "ORDERS_CONTAINER": "$(json "$orders")",
    "OUTBOX_CONTAINER": "$(json "$outbox")",
    "EVENTS_CONTAINER": "$(json "$events")",
    "ChangeFeed__Account": "$(json "$cosmos_account")",
    "ChangeFeed__Routes__orders__Mode": "cdc",
    "ChangeFeed__Routes__orders__Database": "$(json "$database")",
    "ChangeFeed__Routes__orders__Container": "$(json "$orders")",
    "ChangeFeed__Routes__orders__Topic": "$(json "$topic_cdc")",
    "ChangeFeed__Routes__orders__PartitionKeyPath": "$(json "$orders_pk")",
    "ChangeFeed__Routes__orders__EventType": "com.contoso.orders.order",
    "ChangeFeed__Routes__orders__SoftDeleteProperty": "isDeleted",
    "ChangeFeed__Routes__outbox__Mode": "outbox",
    "ChangeFeed__Routes__outbox__Database": "$(json "$database")",
    "ChangeFeed__Routes__outbox__Container": "$(json "$outbox")",
    "ChangeFeed__Routes__outbox__Topic": "$(json "$topic_outbox")",
    "ChangeFeed__Routes__outbox__PartitionKeyPath": "/partitionKey",
    "ChangeFeed__Routes__outbox__EventTypes": "com.contoso.orders.OrderPlaced,com.contoso.orders.OrderShipped",
    "ChangeFeed__Routes__eventstore__Mode": "eventstore",
    "ChangeFeed__Routes__eventstore__Database": "$(json "$database")",
    "ChangeFeed__Routes__eventstore__Container": "$(json "$events")",
    "ChangeFeed__Routes__eventstore__Topic": "$(json "$topic_eventstore")",
    "ChangeFeed__Routes__eventstore__PartitionKeyPath": "/streamId",
    "ChangeFeed__Routes__eventstore__TypeProperty": "type",
    "ChangeFeed__Routes__eventstore__TypePrefix": "com.contoso.orders.",
    "ChangeFeed__Routes__eventstore__EventTypes": "com.contoso.orders.OrderPlaced,com.contoso.orders.OrderShipped"
  }
}
JSON

echo "postprovision: wrote $out"

developer_roles="$(optional AZURE_DEVELOPER_DATA_ROLES)"
vnet_enabled="$(optional AZURE_VNET_ENABLED)"
timeout="${AZURE_ROLE_WAIT_SECONDS:-900}"
interval="${AZURE_ROLE_WAIT_INTERVAL_SECONDS:-20}"

case "$developer_roles" in
  [Tt]rue) ;;
  *)
    echo "postprovision: not waiting for role propagation: AZURE_DEVELOPER_DATA_ROLES is '$developer_roles', so the signed-in principal holds no data roles to try (grantDeveloperDataRoles=false, as in the pipeline). The relay retries its first batches until its own roles apply."
    exit 0 ;;
esac
case "$vnet_enabled" in
  [Tt]rue)
    echo "postprovision: not waiting for role propagation: with private networking the data services are reachable only from inside the VNet; run check from there."
    exit 0 ;;
esac
if [ "$timeout" -le 0 ]; then
  echo "postprovision: not waiting for role propagation (AZURE_ROLE_WAIT_SECONDS=$timeout)."
  exit 0
fi

host_project="$root/src/ChangeFeed.Host"
echo "postprovision: waiting up to ${timeout}s for the data-plane roles to apply: running check as you (Cosmos DB containers, change feed, lease and parked writes, the topics, the claim check container) until it passes."
if ! build="$(dotnet build "$host_project" --nologo --verbosity quiet 2>&1)"; then
  printf '%s\n' "$build" >&2
  echo "postprovision: could not build src/ChangeFeed.Host to run check." >&2
  exit 1
fi
start="$(date +%s)"
attempt=0
while :; do
  attempt=$((attempt + 1))
  result="$(dotnet run --no-build --project "$host_project" -- check --settings "$out" 2>&1)" && status=0 || status=$?
  elapsed=$(($(date +%s) - start))
  summary="$(printf '%s\n' "$result" | grep -v '^[[:space:]]*$' | tail -n 1)"
  if [ "$status" -eq 0 ]; then
    echo "postprovision: check passed on attempt $attempt after ${elapsed}s: the data-plane roles have applied."
    exit 0
  fi
  if [ "$status" -ne 1 ]; then
    # 2 (usage) and 4 (incomplete settings) are not a matter of waiting.
    printf '%s\n' "$result" >&2
    echo "postprovision: check exited with $status, which waiting does not change." >&2
    exit 1
  fi
  if [ $((elapsed + interval)) -gt "$timeout" ]; then
    printf '%s\n' "$result" >&2
    echo "postprovision: the data-plane roles did not all work within ${timeout}s (attempt $attempt). What failed is above; see docs/deploy.md, \"Roles take minutes to apply\"." >&2
    exit 1
  fi
  echo "postprovision: attempt $attempt after ${elapsed}s of ${timeout}s: $summary; trying again in ${interval}s."
  sleep "$interval"
done
