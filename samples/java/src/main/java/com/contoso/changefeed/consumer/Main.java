package com.contoso.changefeed.consumer;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A ChangeFeed subscriber: reads one session-enabled subscription until stopped (Ctrl+C, SIGTERM), applies each
 * change once and keeps the newest state per entity. It prints what it did as JSON lines on stdout.
 *
 * Settings (environment):
 *   SERVICEBUS_NAMESPACE=&lt;namespace&gt;.servicebus.windows.net (DefaultAzureCredential), or SERVICEBUS_CONNECTION_STRING
 *   SERVICEBUS_TOPIC, SERVICEBUS_SUBSCRIPTION
 *   CLAIMCHECK_ACCOUNT_URL=https://&lt;account&gt;.blob.core.windows.net (Storage Blob Data Reader), or CLAIMCHECK_CONNECTION_STRING
 *   MAX_CONCURRENT_SESSIONS (4), MAX_DELIVERY_ATTEMPTS (5)
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        var env = System.getenv();
        var credential = new DefaultAzureCredentialBuilder().build();
        Consumer<ObjectNode> report = fact -> {
            synchronized (System.out) {
                System.out.println(fact);
            }
        };

        ClaimCheckReader claimCheck = null;
        if (env.get("CLAIMCHECK_CONNECTION_STRING") != null) {
            claimCheck = new ClaimCheckReader(new BlobServiceClientBuilder().connectionString(env.get("CLAIMCHECK_CONNECTION_STRING")).buildClient());
        } else if (env.get("CLAIMCHECK_ACCOUNT_URL") != null) {
            claimCheck = new ClaimCheckReader(new BlobServiceClientBuilder().endpoint(env.get("CLAIMCHECK_ACCOUNT_URL")).credential(credential).buildClient());
        }

        var applier = new ChangeApplier(new MemoryInbox(), new NewestState<>(), report);
        var settlement = new Settlement(claimCheck, applier, report, Integer.parseInt(env.getOrDefault("MAX_DELIVERY_ATTEMPTS", "5")));
        ServiceBusProcessorClient processor = SessionConsumer.start(
            SessionConsumer.client(env.get("SERVICEBUS_CONNECTION_STRING") != null ? null : required(env.get("SERVICEBUS_NAMESPACE"), "SERVICEBUS_NAMESPACE"),
                env.get("SERVICEBUS_CONNECTION_STRING"), credential),
            required(env.get("SERVICEBUS_TOPIC"), "SERVICEBUS_TOPIC"), required(env.get("SERVICEBUS_SUBSCRIPTION"), "SERVICEBUS_SUBSCRIPTION"),
            settlement, Integer.parseInt(env.getOrDefault("MAX_CONCURRENT_SESSIONS", "4")));

        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            processor.close();                 // stops taking messages; one being handled is not completed and comes back
            try {
                applier.reportStates();
            } catch (Exception e) {
                System.err.println("reporting the states: " + e.getMessage());
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            System.err.println(name + " is not set.");
            System.exit(4);
        }
        return value;
    }
}
