// A ChangeFeed subscriber: reads one session-enabled subscription until stopped (Ctrl+C, SIGTERM), applies each
// change once and keeps the newest state per entity. It prints what it did as JSON lines on stdout.
//
// Settings (environment):
//   SERVICEBUS_NAMESPACE=<namespace>.servicebus.windows.net   (signed in with DefaultAzureCredential)
//     or SERVICEBUS_CONNECTION_STRING=...                      (local development)
//   SERVICEBUS_TOPIC, SERVICEBUS_SUBSCRIPTION
//   CLAIMCHECK_ACCOUNT_URL=https://<account>.blob.core.windows.net (DefaultAzureCredential; Storage Blob Data Reader)
//     or CLAIMCHECK_CONNECTION_STRING=...                      (local development: Azurite)
//   MAX_CONCURRENT_SESSIONS (4), MAX_DELIVERY_ATTEMPTS (5), STOP_AFTER_IDLE_SECONDS (unset: run until stopped)
import { ServiceBusClient } from "@azure/service-bus";
import { BlobServiceClient } from "@azure/storage-blob";
import { DefaultAzureCredential } from "@azure/identity";
import { stringify } from "lossless-json";
import { ClaimCheckReader } from "./claimCheck.js";
import { consumeSessions } from "./consumer.js";
import { MemoryInbox } from "./inbox.js";
import { NewestState } from "./newestState.js";

const env = process.env;
let lastActivity = Date.now();
const report = (fact) => {
  lastActivity = Date.now();
  process.stdout.write(`${JSON.stringify(fact)}\n`);
};

function required(name) {
  if (!env[name]) {
    process.stderr.write(`${name} is not set.\n`);
    process.exit(4);
  }
  return env[name];
}

const credential = new DefaultAzureCredential();
const serviceBus = env.SERVICEBUS_CONNECTION_STRING
  ? new ServiceBusClient(env.SERVICEBUS_CONNECTION_STRING)
  : new ServiceBusClient(required("SERVICEBUS_NAMESPACE"), credential);
const claimCheckAccount = env.CLAIMCHECK_CONNECTION_STRING
  ? BlobServiceClient.fromConnectionString(env.CLAIMCHECK_CONNECTION_STRING)
  : env.CLAIMCHECK_ACCOUNT_URL ? new BlobServiceClient(env.CLAIMCHECK_ACCOUNT_URL, credential) : undefined;

// region handle
const inbox = new MemoryInbox();
const state = new NewestState();

/** Your effect goes here: this one keeps the newest state of each entity. */
async function handle(event, message) {
  const { id, originalid, source, subject, type, lsn } = event.attributes;
  const change = originalid ?? id; // a backfilled copy carries the live event's id as originalid
  const entity = `${source} ${subject ?? message.sessionId}`;
  const deleted = type.endsWith(".deleted") || type.includes(".deleted.");
  let kept = true;
  const applied = await inbox.handleOnce(change, async () => {
    const value = { type, deleted, data: event.data };
    if (lsn === undefined) state.put(entity, value);
    else kept = state.keepNewest(entity, BigInt(lsn), value);
  });
  report(applied
    ? { applied: change, id, entity, lsn, kept, data: stringify(event.data) }
    : { duplicate: change, id });
}
// endregion handle

const stop = new AbortController();
process.once("SIGINT", () => stop.abort());
process.once("SIGTERM", () => stop.abort());
const idleSeconds = Number(env.STOP_AFTER_IDLE_SECONDS ?? 0);
const idleTimer = idleSeconds > 0
  ? setInterval(() => { if (Date.now() - lastActivity > idleSeconds * 1000) stop.abort(); }, 250)
  : undefined;

try {
  await consumeSessions({
    client: serviceBus,
    topic: required("SERVICEBUS_TOPIC"),
    subscription: required("SERVICEBUS_SUBSCRIPTION"),
    claimCheck: claimCheckAccount && new ClaimCheckReader(claimCheckAccount),
    handle,
    report,
    signal: stop.signal,
    concurrentSessions: Number(env.MAX_CONCURRENT_SESSIONS ?? 4),
    maxDeliveryAttempts: Number(env.MAX_DELIVERY_ATTEMPTS ?? 5),
  });
  for (const [entity, { lsn, state: value }] of state.entries()) {
    report({ state: entity, lsn: lsn?.toString(), deleted: value.deleted, data: stringify(value.data) });
  }
} finally {
  clearInterval(idleTimer);
  await serviceBus.close();
}
// An accept given up at the stop still holds a timer of the client until its timeout: exit once the report is out.
process.stdout.write("", () => process.exit(0));
