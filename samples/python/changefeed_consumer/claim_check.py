"""Reads the data of an event that travelled by claim check (the CloudEvents dataref extension) from Blob Storage,
signed in as this consumer, and only from the storage account it expects: a message must never be able to send the
consumer's credential, or its reads, somewhere else."""
from urllib.parse import unquote, urlsplit

from azure.core.exceptions import ResourceNotFoundError

from .decode import UndecodableEvent


# region claimcheck
class ClaimCheckReader:
    def __init__(self, account):
        """account: the BlobServiceClient of the one account the relay's claim check container lives in."""
        self.account = account
        home = urlsplit(account.url if account.url.endswith("/") else account.url + "/")
        self.origin, self.path = (home.scheme, home.netloc.lower()), home.path

    def read(self, dataref):
        """The data's bytes; raises UndecodableEvent for a dataref outside the account or data that is gone."""
        target = urlsplit(dataref)
        inside = ((target.scheme, target.netloc.lower()) == self.origin and target.path.startswith(self.path)
                  and not target.query and not target.fragment and "@" not in target.netloc)
        container, _, blob = unquote(target.path[len(self.path):]).partition("/") if inside else ("", "", "")
        if not container or not blob:
            raise UndecodableEvent("ClaimCheckRefused", f"dataref {dataref} is not a blob of {self.account.url}: not read")
        try:
            return self.account.get_blob_client(container, blob).download_blob().readall()
        except ResourceNotFoundError as error:
            raise UndecodableEvent("ClaimCheckExpired", f"nothing is stored at {dataref} (expired, or never written)") from error
        # any other error: a retry may fix it; the message is abandoned and comes back
# endregion claimcheck
