// The unmodified @azure/service-bus client against the Service Bus stand-in, one check per run:
//   node client-checks.js <check> <topic> <subscription>
// with SERVICEBUS_CONNECTION_STRING set (Endpoint=sb://127.0.0.1:PORT;...;UseDevelopmentEmulator=true).
// Prints one JSON object per line for the C# test to assert; exits non-zero on any error.
"use strict";
const { ServiceBusClient, isServiceBusError } = require("@azure/service-bus");

const [check, topic, subscription] = process.argv.slice(2);
const client = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION_STRING, {
  retryOptions: { maxRetries: 2, retryDelayInMs: 200, timeoutInMs: 3000 },
});
const report = (fact) => process.stdout.write(JSON.stringify(fact) + "\n");

const checks = {
  // receiveMessages drains its credit when the wait ends: the broker's drain=true echo lets the link stay open,
  // so the later settlements of those messages still find their locks.
  async receive() {
    const receiver = client.createReceiver(topic, subscription);
    const messages = [];
    while (messages.length < 3) {
      const batch = await receiver.receiveMessages(3 - messages.length, { maxWaitTimeInMs: 2000 });
      if (batch.length === 0) break;
      messages.push(...batch);
    }
    report({ received: messages.map((m) => m.messageId) });
    const empty = await receiver.receiveMessages(1, { maxWaitTimeInMs: 500 });
    report({ afterDrain: empty.length });
    await receiver.completeMessage(messages[0]);
    await receiver.deadLetterMessage(messages[1], { deadLetterReason: "NotACloudEvent", deadLetterErrorDescription: "no body" });
    await receiver.completeMessage(messages[2]);
    report({ settled: messages.length });
    await receiver.close();
  },

  async subscribe() {
    const receiver = client.createReceiver(topic, subscription);
    const ids = [];
    await new Promise((resolve, reject) => {
      receiver.subscribe(
        {
          processMessage: async (message) => {
            await receiver.completeMessage(message);
            ids.push(message.messageId);
            if (ids.length === Number(process.env.EXPECTED)) resolve();
          },
          processError: async ({ error }) => reject(error),
        },
        { autoCompleteMessages: false },
      );
    });
    report({ completed: ids });
    await receiver.close();
  },

  // Takes the next session until none is left, reading each to its end: what a consumer of session topics does.
  async sessions() {
    for (;;) {
      let receiver;
      try {
        receiver = await client.acceptNextSession(topic, subscription, { maxAutoLockRenewalDurationInMs: 0 });
      } catch (error) {
        if (isServiceBusError(error) && error.code === "ServiceTimeout") break;
        throw error;
      }
      const ids = [];
      for (;;) {
        const batch = await receiver.receiveMessages(10, { maxWaitTimeInMs: 500 });
        if (batch.length === 0) break;
        for (const message of batch) {
          await receiver.completeMessage(message);
          ids.push(message.messageId);
        }
      }
      await receiver.renewSessionLock();
      await receiver.setSessionState("read");
      report({ session: receiver.sessionId, messages: ids, state: String(await receiver.getSessionState()) });
      await receiver.close();
    }
  },

  // A wrong key: the $cbs answer 401 reaches the caller as an error instead of a 60-second timeout.
  async unauthorized() {
    const receiver = client.createReceiver(topic, subscription);
    try {
      await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
      report({ refused: false });
    } catch (error) {
      // The client retries the refusal and raises the attempts together (an AggregateError).
      const attempts = error.errors ?? [error];
      report({ refused: true, codes: attempts.map((e) => e.code ?? null), messages: attempts.map((e) => String(e.message)) });
    }
  },
};

(async () => {
  const run = checks[check];
  if (!run) throw new Error(`unknown check '${check}'`);
  await run();
  await client.close();
})().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
