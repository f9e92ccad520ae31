package com.contoso.changefeed.consumer;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a claim-checked event's data is, and only if it is a blob of the one storage account the consumer expects:
 * a message must never be able to send the consumer's credential, or its reads, somewhere else.
 */
public record ClaimCheckLocation(String container, String blobName) {
    // region location
    public static ClaimCheckLocation of(URI account, String dataref) throws UndecodableEvent {
        URI target;
        try {
            target = new URI(dataref).normalize(); // "c/../elsewhere" is judged where it leads
        } catch (URISyntaxException e) {
            throw new UndecodableEvent("InvalidEvent", "dataref '" + dataref + "' is not a URI");
        }
        String home = account.getPath().endsWith("/") ? account.getPath() : account.getPath() + "/";
        String path = target.getPath();
        boolean inside = target.isAbsolute() && account.getScheme().equalsIgnoreCase(target.getScheme())
            && account.getHost() != null && account.getHost().equalsIgnoreCase(target.getHost()) && account.getPort() == target.getPort()
            && target.getRawUserInfo() == null && target.getRawQuery() == null && target.getRawFragment() == null
            && path != null && path.startsWith(home);
        String rest = inside ? path.substring(home.length()) : "";
        int slash = rest.indexOf('/');
        if (!inside || slash <= 0 || slash == rest.length() - 1) {
            throw new UndecodableEvent("ClaimCheckRefused", "dataref " + dataref + " is not a blob of " + account + ": not read");
        }
        return new ClaimCheckLocation(rest.substring(0, slash), rest.substring(slash + 1));
    }
    // endregion location
}
