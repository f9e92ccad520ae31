package com.contoso.changefeed.consumer;

/** A message that can never become an event: it is dead-lettered with {@link #reason()}, never retried. */
public final class UndecodableEvent extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public UndecodableEvent(String reason, String description) {
        super(description);
        this.reason = reason;
    }

    /** The dead-letter reason: InvalidEvent, ClaimCheckRefused or ClaimCheckExpired. */
    public String reason() {
        return reason;
    }
}
