using System.Net;
using System.Text;
using Azure.Identity;
using ChangeFeed.CommandLine;
using ChangeFeed.Host.Commands;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.Host.Checks;

/// <summary>
/// What the relay needs from Cosmos DB, checked the data-plane way with the configured identity: the account answers,
/// the containers exist with the partition keys the relay assumes, the change feed can be read and the lease container
/// written. Only what the relay's own roles allow is asked (they are granted per container, decision 0014): a database
/// is read only to explain a container that is not found.
/// </summary>
/// <param name="endpoint">Where the client connects, for the advice when it gets no answer (emulator or Azure).</param>
public sealed class CosmosReadiness(CosmosClient client, Credentials credentials, ServiceEndpoint? endpoint = null)
{
    /// <summary>How long the account may take to answer its first request: a service that accepts connections but never answers is reported, not waited for.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    private string NoAnswerAdvice => endpoint?.Advice ?? "Check COSMOS / COSMOS__accountEndpoint and the network (with VNET_ENABLED=true, run from inside the network).";

    /// <summary>Lease ids start with the processor's name; no route is called this, so the probe is never taken for a lease.</summary>
    private const string ProbePrefix = "changefeed-check-";

    public async Task<CheckResult> AccountAsync(CancellationToken cancellationToken)
    {
        var subject = $"account {client.Endpoint} answers, signed in with {credentials.Description}";
        return await Guard(subject, role: null, async () =>
        {
            var account = await client.ReadAccountAsync().WaitAsync(AnswerTimeout, cancellationToken);
            return CheckResult.Pass($"account {account.Id} ({client.Endpoint}) answers, signed in with {credentials.Description}");
        }, cancellationToken);
    }

    /// <summary>The container exists and is partitioned on <paramref name="paths"/>.</summary>
    /// <param name="role">The role the relay's identity holds on it, for the advice when the account refuses.</param>
    public async Task<(CheckResult Result, bool Exists)> ContainerAsync(
        string database, string container, IReadOnlyList<string> paths, string what, string role, (string Database, string Container) settings,
        Func<string, string> pathFix, CancellationToken cancellationToken)
    {
        var subject = $"{what} {database}/{container}";
        var exists = false;
        var result = await Guard(subject, role, async () =>
        {
            ContainerProperties properties;
            try
            {
                properties = (await client.GetContainer(database, container).ReadContainerAsync(cancellationToken: cancellationToken)).Resource;
            }
            catch (CosmosException missing) when (missing.StatusCode == HttpStatusCode.NotFound)
            {
                using var owner = await client.GetDatabase(database).ReadStreamAsync(cancellationToken: cancellationToken);
                return owner.StatusCode == HttpStatusCode.NotFound
                    ? CheckResult.Fail($"{subject} does not exist: there is no database {database}",
                        $"Create the database and the container (partition key {string.Join(",", paths)}), or set {settings.Database} to the database that holds it.")
                    : CheckResult.Fail($"{subject} does not exist",
                        $"Create it with partition key {string.Join(",", paths)}, or set {settings.Container} to the container it should be.");
            }

            exists = true;
            var actual = properties.PartitionKeyPaths is { Count: > 0 } hierarchical ? hierarchical : [properties.PartitionKeyPath];
            return actual.SequenceEqual(paths, StringComparer.Ordinal)
                ? CheckResult.Pass($"{subject} exists, partition key {string.Join(",", actual)}")
                : CheckResult.Fail(
                    $"{subject} is partitioned on {string.Join(",", actual)}, not {string.Join(",", paths)}",
                    pathFix(string.Join(",", actual)));
        }, cancellationToken);
        return (result, exists);
    }

    /// <summary>The change feed can be read in the mode the processors use (from now: nothing is consumed).</summary>
    public async Task<CheckResult> ChangeFeedAsync(string database, string container, bool allVersionsAndDeletes, string role, CancellationToken cancellationToken)
    {
        var mode = allVersionsAndDeletes ? "all versions and deletes" : "latest version";
        var subject = $"change feed of {database}/{container} can be read ({mode})";
        return await Guard(subject, role, async () =>
        {
            using var iterator = client.GetContainer(database, container).GetChangeFeedStreamIterator(
                ChangeFeedStartFrom.Now(),
                allVersionsAndDeletes ? ChangeFeedMode.AllVersionsAndDeletes : ChangeFeedMode.LatestVersion,
                new ChangeFeedRequestOptions { PageSizeHint = 1 });
            using var page = await iterator.ReadNextAsync(cancellationToken);
            if (allVersionsAndDeletes && page.StatusCode == HttpStatusCode.BadRequest)
            {
                return CheckResult.Fail($"{subject}: refused with {ServiceFailure.Status(page.StatusCode)} ({FirstLine(page.ErrorMessage)})",
                    "All versions and deletes mode needs continuous backup on the account (azd env set COSMOS_CONTINUOUS_BACKUP true, then azd provision) "
                    + "and the mode enabled on the account; or set Host__Mode=LatestVersion.");
            }

            return Answer(subject, page.StatusCode, page.ErrorMessage, role) ?? CheckResult.Pass(subject);
        }, cancellationToken);
    }

    /// <summary>A document can be written to (and deleted from) the lease container, as the processors do with their leases.</summary>
    public async Task<CheckResult> WritableAsync(string database, string container, string role, CancellationToken cancellationToken)
    {
        var subject = $"lease container {database}/{container} can be written";
        return await Guard(subject, role, async () =>
        {
            var id = ProbePrefix + Guid.NewGuid().ToString("N");
            var leases = client.GetContainer(database, container);
            using var body = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\"}}"));
            using var created = await leases.CreateItemStreamAsync(body, new PartitionKey(id), cancellationToken: cancellationToken);
            if (Answer(subject, created.StatusCode, created.ErrorMessage, role) is { } refused)
                return refused;

            using var deleted = await leases.DeleteItemStreamAsync(id, new PartitionKey(id), cancellationToken: cancellationToken);
            return Answer(subject, deleted.StatusCode, deleted.ErrorMessage, role) ?? CheckResult.Pass(subject);
        }, cancellationToken);
    }

    /// <summary>A failure for what the account answered, or null when it answered with success.</summary>
    private CheckResult? Answer(string subject, HttpStatusCode status, string? message, string? role)
    {
        if ((int)status is >= 200 and < 300 || status == HttpStatusCode.NotModified)
            return null;

        var said = $"{subject}: refused with {ServiceFailure.Status(status)}";
        return status switch
        {
            HttpStatusCode.Unauthorized => CheckResult.Fail(said, credentials.UsesKey
                ? "The key in COSMOS is not this account's: copy the account's connection string again (emulator: its published key)."
                : "The account did not accept the identity's token: check COSMOS__accountEndpoint, COSMOS__credential and COSMOS__clientId (locally: az login to the account's tenant)."),
            HttpStatusCode.Forbidden => CheckResult.Fail(said, credentials.UsesKey
                ? $"The account refused the key ({FirstLine(message)}): key authentication may be disabled (azd up disables it: use COSMOS__accountEndpoint with an identity), or its firewall refused this address."
                : $"The identity lacks a data-plane role here ({FirstLine(message)}): azd up grants the relay {(role is null ? "roles on its containers" : $"'{role}' on this container")} "
                    + "and you Cosmos DB Built-in Data Contributor on the database (docs/deploy.md, Security model; a container added since needs its grant in infra/modules/access/relay-roles.bicep), "
                    + "or the account's firewall refused this address."),
            HttpStatusCode.NotFound => CheckResult.Fail($"{subject}: not found", "Create it, or correct the setting that names it."),
            _ => CheckResult.Fail(said, $"{FirstLine(message)}. Check COSMOS / COSMOS__accountEndpoint and the network (with VNET_ENABLED=true, run from inside the network)."),
        };
    }

    private async Task<CheckResult> Guard(string subject, string? role, Func<Task<CheckResult>> check, CancellationToken cancellationToken)
    {
        try
        {
            return await check();
        }
        catch (CosmosException refused)
        {
            return Answer(subject, refused.StatusCode, refused.ResponseBody, role) ?? CheckResult.Fail($"{subject}: {ServiceFailure.Describe(refused)}", "Check COSMOS / COSMOS__accountEndpoint.");
        }
        catch (AuthenticationFailedException signIn)
        {
            return CheckResult.Fail($"{subject}: no token for {credentials.Description} ({FirstLine(signIn.Message)})",
                "Sign in (az login), or run where the managed identity named by COSMOS__clientId is assigned.");
        }
        catch (Exception unreachable) when (unreachable is HttpRequestException or TimeoutException || (unreachable is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return CheckResult.Fail($"{subject}: no answer from {client.Endpoint} ({FirstLine(unreachable.Message)})", NoAnswerAdvice);
        }
    }

    private static string FirstLine(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "no reason given" : text.Split(['\r', '\n'], 2)[0].Trim().TrimEnd('.');
}
