package com.contoso.changefeed.consumer;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobStorageException;
import java.net.URI;

/** Reads claim-checked data from Blob Storage, signed in as this consumer, from the one account it expects. */
public final class ClaimCheckReader implements Settlement.ClaimCheck {
    private final BlobServiceClient account;
    private final URI home;

    public ClaimCheckReader(BlobServiceClient account) {
        this.account = account;
        this.home = URI.create(account.getAccountUrl());
    }

    // region claimcheck
    @Override
    public byte[] read(String dataref) throws UndecodableEvent {
        ClaimCheckLocation location = ClaimCheckLocation.of(home, dataref);   // refuses any other account
        try {
            return account.getBlobContainerClient(location.container()).getBlobClient(location.blobName()).downloadContent().toBytes();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) throw new UndecodableEvent("ClaimCheckExpired", "nothing is stored at " + dataref + " (expired, or never written)");
            throw e; // a failure a retry may fix: the message is abandoned and comes back
        }
    }
    // endregion claimcheck
}
