"""A ChangeFeed subscriber: reads one session-enabled subscription until stopped (Ctrl+C, SIGTERM), applies each
change once and keeps the newest state per entity. It prints what it did as JSON lines on stdout.

Settings (environment):
  SERVICEBUS_NAMESPACE=<namespace>.servicebus.windows.net    (signed in with DefaultAzureCredential)
    or SERVICEBUS_CONNECTION_STRING=...                       (local development; SERVICEBUS_CA_FILE: a CA to trust)
  SERVICEBUS_TOPIC, SERVICEBUS_SUBSCRIPTION
  CLAIMCHECK_ACCOUNT_URL=https://<account>.blob.core.windows.net (DefaultAzureCredential; Storage Blob Data Reader)
    or CLAIMCHECK_CONNECTION_STRING=...                       (local development: Azurite)
  MAX_CONCURRENT_SESSIONS (4), MAX_DELIVERY_ATTEMPTS (5), STOP_AFTER_IDLE_SECONDS (unset: run until stopped)
"""
import json
import os
import signal
import sys
import threading
import time

from azure.identity import DefaultAzureCredential
from azure.servicebus import ServiceBusClient
from azure.storage.blob import BlobServiceClient

from .claim_check import ClaimCheckReader
from .consumer import SessionConsumer
from .decode import dumps
from .inbox import MemoryInbox
from .newest_state import NewestState

env = os.environ
last_activity = time.monotonic()
output = threading.Lock()


def report(**fact):
    global last_activity  # pylint: disable=global-statement
    with output:
        last_activity = time.monotonic()
        print(json.dumps(fact), flush=True)


def required(name):
    if not env.get(name):
        sys.exit(f"{name} is not set.")
    return env[name]


# region handle
inbox = MemoryInbox()
state = NewestState()


def handle(attributes, data, message):
    """Your effect goes here: this one keeps the newest state of each entity."""
    change = attributes.get("originalid") or attributes["id"]  # a backfilled copy carries the live event's id as originalid
    entity = f"{attributes['source']} {attributes.get('subject') or message.session_id}"
    event_type, lsn = attributes["type"], attributes.get("lsn")
    deleted = event_type.endswith(".deleted") or ".deleted." in event_type
    kept = [True]

    def effect():
        value = {"type": event_type, "deleted": deleted, "data": data}
        if lsn is None:
            state.put(entity, value)
        else:
            kept[0] = state.keep_newest(entity, int(lsn), value)

    if inbox.handle_once(change, effect):
        report(applied=change, id=attributes["id"], entity=entity, lsn=lsn, kept=kept[0], data=dumps(data))
    else:
        report(duplicate=change, id=attributes["id"])
# endregion handle


def main():
    credential = None if env.get("SERVICEBUS_CONNECTION_STRING") and env.get("CLAIMCHECK_CONNECTION_STRING") else DefaultAzureCredential()
    if env.get("SERVICEBUS_CONNECTION_STRING"):
        client = ServiceBusClient.from_connection_string(env["SERVICEBUS_CONNECTION_STRING"], connection_verify=env.get("SERVICEBUS_CA_FILE"))
    else:
        client = ServiceBusClient(required("SERVICEBUS_NAMESPACE"), credential)
    if env.get("CLAIMCHECK_CONNECTION_STRING"):
        account = BlobServiceClient.from_connection_string(env["CLAIMCHECK_CONNECTION_STRING"])
    else:
        account = BlobServiceClient(env["CLAIMCHECK_ACCOUNT_URL"], credential) if env.get("CLAIMCHECK_ACCOUNT_URL") else None

    consumer = SessionConsumer(client, required("SERVICEBUS_TOPIC"), required("SERVICEBUS_SUBSCRIPTION"), handle, report,
                               claim_check=account and ClaimCheckReader(account),
                               max_delivery_attempts=int(env.get("MAX_DELIVERY_ATTEMPTS", "5")))
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    # Daemon threads: a thread waiting for the next session cannot be interrupted, and holds no message.
    workers = [threading.Thread(target=consumer.run, daemon=True) for _ in range(int(env.get("MAX_CONCURRENT_SESSIONS", "4")))]
    for worker in workers:
        worker.start()
    idle = float(env.get("STOP_AFTER_IDLE_SECONDS", "0"))
    while not stop.wait(0.25):
        if idle > 0 and time.monotonic() - last_activity > idle:
            stop.set()

    consumer.stop()
    for entity, (lsn, value) in state.items():
        report(state=entity, lsn=None if lsn is None else str(lsn), deleted=value["deleted"], data=dumps(value["data"]))
    sys.stdout.flush()
    os._exit(0)  # pylint: disable=protected-access  # do not wait for the threads still asking for a session


if __name__ == "__main__":
    main()
