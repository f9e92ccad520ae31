"""The unmodified azure-servicebus client (7.8.2 on uamqp, Debian's python3-azure) against the Service Bus stand-in's
TLS listener, one check per run:
    python3 client_checks.py <check> <topic> <subscription>
with SERVICEBUS_CONNECTION_STRING (Endpoint=sb://127.x.y.z/;... : uamqp connects to port 5671) and SERVICEBUS_CA_FILE
(the stand-in's certificate, to trust). Prints one JSON object per line for the C# test; exits non-zero on any error.
"""
import json
import os
import sys

from azure.servicebus import NEXT_AVAILABLE_SESSION, ServiceBusClient


def report(**fact):
    print(json.dumps(fact), flush=True)


def client():
    return ServiceBusClient.from_connection_string(
        os.environ["SERVICEBUS_CONNECTION_STRING"], connection_verify=os.environ["SERVICEBUS_CA_FILE"],
        retry_total=1, retry_backoff_factor=0.2)


def receive(topic, subscription):
    """receive_messages until three arrived, then complete, dead-letter and complete them."""
    with client() as sb, sb.get_subscription_receiver(topic, subscription) as receiver:
        messages = []
        while len(messages) < 3:
            batch = receiver.receive_messages(max_message_count=3 - len(messages), max_wait_time=2)
            if not batch:
                break
            messages.extend(batch)
        report(received=[m.message_id for m in messages])
        receiver.complete_message(messages[0])
        receiver.dead_letter_message(messages[1], reason="NotACloudEvent", error_description="no body")
        receiver.complete_message(messages[2])
        report(settled=len(messages))


def sessions(topic, subscription):
    """Takes the next session until EXPECTED sessions were read, each to its end, its state set and read back.
    (This client sends no com.microsoft:timeout: with no session left, the accept waits the broker's default, 60 s.)"""
    with client() as sb:
        for _ in range(int(os.environ["EXPECTED"])):
            with sb.get_subscription_receiver(topic, subscription, session_id=NEXT_AVAILABLE_SESSION) as receiver:
                ids = []
                while True:
                    batch = receiver.receive_messages(max_message_count=10, max_wait_time=1)
                    if not batch:
                        break
                    for message in batch:
                        receiver.complete_message(message)
                        ids.append(message.message_id)
                receiver.session.set_state("read")
                report(session=receiver.session.session_id, messages=ids, state=receiver.session.get_state().decode())


if __name__ == "__main__":
    check, topic, subscription = sys.argv[1:4]
    {"receive": receive, "sessions": sessions}[check](topic, subscription)
