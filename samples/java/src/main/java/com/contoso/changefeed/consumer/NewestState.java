package com.contoso.changefeed.consumer;

import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

// region newest
/**
 * The newest state of each entity. A change's lsn is a decimal string of up to 20 digits: compare it as an integer
 * (BigInteger: it can exceed a long's range), never as text ("9" > "10"). A backfilled copy or a replayed parked
 * change can arrive after a newer state of its entity; it must not overwrite it.
 */
public final class NewestState<T> {
    public record Kept<T>(BigInteger lsn, T state) {
    }

    private final Map<String, Kept<T>> entities = new ConcurrentHashMap<>();

    /** Keeps the state unless a newer one is already kept; true when it was kept. */
    public boolean keepNewest(String entity, BigInteger lsn, T state) {
        boolean[] kept = {false};
        entities.compute(entity, (key, current) -> {
            if (current != null && current.lsn() != null && current.lsn().compareTo(lsn) >= 0) return current;
            kept[0] = true;
            return new Kept<>(lsn, state);
        });
        return kept[0];
    }

    /** For events without an lsn (outbox events): their session's order is their order. */
    public void put(String entity, T state) {
        entities.put(entity, new Kept<>(null, state));
    }

    public Map<String, Kept<T>> entries() {
        return Map.copyOf(entities);
    }
}
// endregion newest
