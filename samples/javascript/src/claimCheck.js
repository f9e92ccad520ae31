// Reads the data of an event that travelled by claim check (the CloudEvents dataref extension) from Blob Storage,
// signed in as this consumer, and only from the storage account it expects: a message must never be able to send
// the consumer's credential, or its reads, somewhere else.
import { BlobServiceClient } from "@azure/storage-blob";
import { UndecodableEvent } from "./decode.js";

// region claimcheck
export class ClaimCheckReader {
  /** @param {BlobServiceClient} account the one account the relay's claim check container lives in. */
  constructor(account) {
    this.account = account;
    this.home = new URL(account.url.endsWith("/") ? account.url : `${account.url}/`);
  }

  /** The data's text; throws UndecodableEvent for a dataref outside the account or data that is gone. */
  async read(dataref) {
    let target;
    try {
      target = new URL(dataref);
    } catch {
      throw new UndecodableEvent("InvalidEvent", `dataref '${dataref}' is not an absolute URI`);
    }
    const inside = target.origin === this.home.origin && target.pathname.startsWith(this.home.pathname)
      && target.search === "" && target.hash === "" && target.username === "" && target.password === "";
    const path = inside ? decodeURIComponent(target.pathname.slice(this.home.pathname.length)) : "";
    const slash = path.indexOf("/");
    if (!inside || slash <= 0 || slash === path.length - 1) {
      throw new UndecodableEvent("ClaimCheckRefused", `dataref ${dataref} is not a blob of ${this.home}: not read`);
    }
    const blob = this.account.getContainerClient(path.slice(0, slash)).getBlobClient(path.slice(slash + 1));
    try {
      return (await blob.downloadToBuffer()).toString("utf8");
    } catch (error) {
      if (error.statusCode === 404) {
        throw new UndecodableEvent("ClaimCheckExpired", `nothing is stored at ${dataref} (expired, or never written)`);
      }
      throw error; // a failure a retry may fix: the message is abandoned and comes back
    }
  }
}
// endregion claimcheck
