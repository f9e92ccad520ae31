package com.contoso.changefeed.consumer;

// region inbox
/**
 * Remembers which changes were handled, so that each has its effect once. Replace {@link MemoryInbox} with your
 * database: record the key in the same transaction as the effect (a unique row, a marker document in the same
 * partition), and keep the keys longer than the topic's duplicate detection window.
 */
public interface Inbox {
    /** Runs the effect unless the change was handled before; true when it ran now. */
    boolean handleOnce(String change, Effect effect) throws Exception;

    @FunctionalInterface
    interface Effect {
        void run() throws Exception;
    }
}
// endregion inbox
