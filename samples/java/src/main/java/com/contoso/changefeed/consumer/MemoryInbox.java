package com.contoso.changefeed.consumer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An inbox for one process: enough for a demo, not for production (it forgets on restart). */
public final class MemoryInbox implements Inbox {
    private final Set<String> handled = ConcurrentHashMap.newKeySet();

    @Override
    public boolean handleOnce(String change, Effect effect) throws Exception {
        if (handled.contains(change)) return false;
        effect.run();                 // sessions are handled one message at a time: no two runs of one change race
        handled.add(change);
        return true;
    }
}
