// Takes the next session of a session-enabled subscription until stopped, reads each session in order, and settles
// every message explicitly: complete after the handler succeeded, dead-letter with a reason what can never be
// handled, abandon what a retry may fix (it comes back to its session, before the session's later messages).
import { isServiceBusError } from "@azure/service-bus";
import { decodeEvent, parseData, UndecodableEvent } from "./decode.js";

// region consume
export async function consumeSessions({ client, topic, subscription, claimCheck, handle, report, signal,
  concurrentSessions = 4, maxDeliveryAttempts = 5, lockRenewalMs = 5 * 60_000 }) {
  const worker = async () => {
    while (!signal.aborted) {
      let receiver;
      try {
        // The client renews the session lock (which covers its messages) while the session is held.
        receiver = await unlessStopped(client.acceptNextSession(topic, subscription,
          { skipParsingBodyAsJson: true, maxAutoLockRenewalDurationInMs: lockRenewalMs, abortSignal: signal }), signal);
        if (receiver === undefined) return;
      } catch (error) {
        if (signal.aborted) return;
        if (isServiceBusError(error) && (error.code === "ServiceTimeout" || error.code === "SessionCannotBeLocked")) continue;
        throw error;
      }
      try {
        await readSession(receiver);
      } catch (error) {
        // The session's lock was lost (it expired, or its link closed): its unsettled messages come back to whoever
        // takes the session next, and the inbox recognises those already handled. Take the next session.
        if (!isServiceBusError(error) || error.code !== "SessionLockLost") throw error;
        report({ sessionLost: receiver.sessionId, error: error.message });
      } finally {
        await receiver.close().catch(() => {});
      }
    }
  };

  // One message at a time, in session order; an empty receive means the session ran dry: take the next.
  const readSession = async (receiver) => {
    while (!signal.aborted) {
      const messages = await receiver.receiveMessages(16, { maxWaitTimeInMs: 1000 });
      if (messages.length === 0) return;
      for (const [index, message] of messages.entries()) {
        if (!(await settle(receiver, message))) {
          // It comes back first; the rest of the batch must not be handled before it.
          for (const later of messages.slice(index + 1)) await receiver.abandonMessage(later);
          break;
        }
      }
    }
  };

  const settle = async (receiver, message) => {
    try {
      const event = decodeEvent(message);
      const dataref = event.attributes.dataref;
      if (event.data === undefined && dataref !== undefined) {
        if (!claimCheck) throw new UndecodableEvent("ClaimCheckRefused", `dataref ${dataref}, but no claim check account is configured`);
        event.data = parseData(await claimCheck.read(dataref), message);
      }
      await handle(event, message);
      await receiver.completeMessage(message);
      return true;
    } catch (error) {
      if (error instanceof UndecodableEvent) {
        await receiver.deadLetterMessage(message, { deadLetterReason: error.reason, deadLetterErrorDescription: error.message.slice(0, 4096) });
        report({ deadLettered: message.messageId, reason: error.reason, description: error.message });
        return true;
      }
      if (message.deliveryCount >= maxDeliveryAttempts) {
        await receiver.deadLetterMessage(message, { deadLetterReason: "MaxDeliveryAttemptsExceeded",
          deadLetterErrorDescription: `failed ${message.deliveryCount} times; last error: ${error.message}`.slice(0, 4096) });
        report({ deadLettered: message.messageId, reason: "MaxDeliveryAttemptsExceeded", description: error.message });
        return true;
      }
      await receiver.abandonMessage(message);
      report({ abandoned: message.messageId, error: error.message });
      return false;
    }
  };

  await Promise.all(Array.from({ length: concurrentSessions }, worker));
}
// endregion consume

// acceptNextSession waits for a free session up to the client's timeout (60 s by default), and once it asked the
// broker it no longer stops for the abort signal: stop waiting for it, and release a session that it gets late.
function unlessStopped(accepting, signal) {
  return new Promise((resolve, reject) => {
    const stopped = () => {
      accepting.then((late) => late.close(), () => {});
      resolve(undefined);
    };
    if (signal.aborted) return stopped();
    signal.addEventListener("abort", stopped, { once: true });
    accepting.then(
      (receiver) => { signal.removeEventListener("abort", stopped); resolve(receiver); },
      (error) => { signal.removeEventListener("abort", stopped); reject(error); });
  });
}
