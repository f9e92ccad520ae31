using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using ChangeFeed.BlobStorage;

namespace ChangeFeed.Host.Checks;

/// <summary>
/// What the relay needs from the claim check store: the blob container exists and can be written with the configured
/// identity, as the publisher writes an event too large for its topic. A probe blob is written and deleted (the relay's
/// identity holds Storage Blob Data Contributor on that container only).
/// </summary>
public sealed class ClaimCheckReadiness(BlobContainerClient container, Credentials credentials)
{
    private const string ProbePrefix = "changefeed-check/";

    public async Task<CheckResult> WritableAsync(CancellationToken cancellationToken)
    {
        var subject = $"claim check container {container.Uri} can be written, signed in with {credentials.Description}";
        try
        {
            var probe = container.GetBlobClient(ProbePrefix + Guid.NewGuid().ToString("N"));
            await probe.UploadAsync(BinaryData.FromString("check"), overwrite: true, cancellationToken);
            await probe.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return CheckResult.Pass(subject);
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return CheckResult.Fail($"claim check container {container.Uri} does not exist",
                $"Create it (azd up creates '{ClaimCheckConnection.DefaultContainer}' with its lifecycle rule), or set {ClaimCheckConnection.ContainerSetting} to the container large events go to.");
        }
        catch (RequestFailedException refused) when (refused.Status is 401 or 403)
        {
            return CheckResult.Fail($"{subject}: refused with {refused.Status} {refused.ErrorCode}", credentials.UsesKey
                ? $"The key in {ClaimCheckConnection.Section} is not accepted: copy the account's connection string again (Azurite: UseDevelopmentStorage=true); in Azure, shared key access is off: use {ClaimCheckConnection.Section}__serviceUri with an identity."
                : "Grant the identity Storage Blob Data Contributor on the container (azd up grants it to the relay's identity and to you), or check the storage account's firewall.");
        }
        catch (AuthenticationFailedException signIn)
        {
            return CheckResult.Fail($"{subject}: no token for {credentials.Description} ({FirstLine(signIn.Message)})",
                $"Sign in (az login), or run where the managed identity named by {ClaimCheckConnection.Section}__clientId is assigned.");
        }
        catch (RequestFailedException other)
        {
            return CheckResult.Fail($"{subject}: {(other.Status == 0 ? "no answer" : $"refused with {other.Status} {other.ErrorCode}")} ({FirstLine(other.Message)})",
                $"Check {ClaimCheckConnection.Section} / {ClaimCheckConnection.Section}__serviceUri and the network (with VNET_ENABLED=true, run from inside the network).");
        }
    }

    private static string FirstLine(string text) => text.Split(['\r', '\n'], 2)[0].Trim().TrimEnd('.');
}
