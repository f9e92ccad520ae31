"""Takes the next session of a session-enabled subscription until stopped, reads each session in order, and settles
every message explicitly: complete after the handler succeeded, dead-letter with a reason what can never be handled,
abandon what a retry may fix (it comes back to its session, before the session's later messages)."""
import logging
import threading

from azure.servicebus import NEXT_AVAILABLE_SESSION, AutoLockRenewer
from azure.servicebus.exceptions import OperationTimeoutError, ServiceBusError

from .decode import UndecodableEvent, decode_event, parse_data

log = logging.getLogger(__name__)


# region consume
class SessionConsumer:
    def __init__(self, client, topic, subscription, handle, report, claim_check=None,
                 max_delivery_attempts=5, lock_renewal_seconds=300):
        self.client, self.topic, self.subscription = client, topic, subscription
        self.handle, self.report, self.claim_check = handle, report, claim_check
        self.max_delivery_attempts = max_delivery_attempts
        # Renews the session lock (which covers its messages) while the session is held.
        self.renewer = AutoLockRenewer(max_lock_renewal_duration=lock_renewal_seconds)
        self.stopping = threading.Event()
        self._reading = 0
        self._idle = threading.Condition()

    def run(self):
        """One session at a time on this thread, until stop(); run it on several threads for several sessions."""
        while not self.stopping.is_set():
            try:
                with self.client.get_subscription_receiver(
                        self.topic, self.subscription, session_id=NEXT_AVAILABLE_SESSION, auto_lock_renewer=self.renewer) as receiver:
                    with self._idle:
                        self._reading += 1
                    try:
                        self._read_session(receiver)
                    finally:
                        with self._idle:
                            self._reading -= 1
                            self._idle.notify_all()
            except OperationTimeoutError:
                continue  # no session had messages within the broker's wait: ask again
            except ServiceBusError as error:
                log.warning("session ended: %s", error)  # its unsettled messages come back when the lock ends
                self.stopping.wait(1)

    def stop(self, timeout=30):
        """Stops taking sessions and waits until no thread is reading one (its last message settled)."""
        self.stopping.set()
        with self._idle:
            self._idle.wait_for(lambda: self._reading == 0, timeout)
        self.renewer.close()

    def _read_session(self, receiver):
        # One message at a time, in session order; an empty receive means the session ran dry: take the next.
        while not self.stopping.is_set():
            messages = receiver.receive_messages(max_message_count=16, max_wait_time=1)
            if not messages:
                return
            for index, message in enumerate(messages):
                if not self._settle(receiver, message):
                    # It comes back first; the rest of the batch must not be handled before it.
                    for later in messages[index + 1:]:
                        receiver.abandon_message(later)
                    break

    def _settle(self, receiver, message):
        try:
            attributes, data = decode_event(message)
            dataref = attributes.get("dataref")
            if data is None and dataref is not None:
                if self.claim_check is None:
                    raise UndecodableEvent("ClaimCheckRefused", f"dataref {dataref}, but no claim check account is configured")
                data = parse_data(self.claim_check.read(dataref), message)
            self.handle(attributes, data, message)
            receiver.complete_message(message)
            return True
        except UndecodableEvent as error:
            receiver.dead_letter_message(message, reason=error.reason, error_description=str(error)[:4096])
            self.report(deadLettered=message.message_id, reason=error.reason, description=str(error))
            return True
        except Exception as error:  # pylint: disable=broad-except  # a failed effect: retried, then parked
            if message.delivery_count + 1 >= self.max_delivery_attempts:
                receiver.dead_letter_message(message, reason="MaxDeliveryAttemptsExceeded",
                                             error_description=f"failed {message.delivery_count + 1} times; last error: {error}"[:4096])
                self.report(deadLettered=message.message_id, reason="MaxDeliveryAttemptsExceeded", description=str(error))
                return True
            receiver.abandon_message(message)
            self.report(abandoned=message.message_id, error=str(error))
            return False
# endregion consume
