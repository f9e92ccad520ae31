using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChangeFeed.StandIns.Cosmos.Internal;
using Microsoft.Azure.Cosmos;

namespace ChangeFeed.StandIns.Cosmos;

/// <summary>
/// A Cosmos DB account for wire-level tests: by default the Node stand-in in tests/stand-ins/cosmos
/// (@vercel/cosmosdb-server plus the project's change feed; test infrastructure, not an emulator), started on a
/// free loopback port and killed on dispose. When <c>CHANGEFEED_E2E_COSMOS</c> holds a connection string
/// (<c>AccountEndpoint=...;AccountKey=...;</c>), no process starts and every client goes to that account.
/// </summary>
public sealed class CosmosStandIn : IAsyncDisposable
{
    /// <summary>The Cosmos DB emulator's published, well-known key: the stand-in refuses requests signed with any other (401), as an account does.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /// <summary>The most throughput one physical partition serves (RU/s), per the service's documented limits.</summary>
    public const int ThroughputPerPhysicalPartition = 10_000;

    private const string DisableImdsVariable = "COSMOS_DISABLE_IMDS_ACCESS";
    private readonly StandInProcess? process;
    private readonly bool acceptAnyCertificate;
    private readonly List<Database> createdDatabases = [];
    private readonly Lazy<CosmosClient> client;

    private CosmosStandIn(Uri endpoint, string accountKey, StandInProcess? process, bool acceptAnyCertificate)
    {
        Endpoint = endpoint;
        AccountKey = accountKey;
        this.process = process;
        this.acceptAnyCertificate = acceptAnyCertificate;
        client = new Lazy<CosmosClient>(() => CreateClient());
    }

    /// <summary>The account endpoint, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary><see cref="EmulatorKey"/> for the stand-in; the configured key for a real account.</summary>
    public string AccountKey { get; }

    /// <summary><c>AccountEndpoint=...;AccountKey=...;</c> for code that takes a connection string.</summary>
    public string ConnectionString => $"AccountEndpoint={Endpoint};AccountKey={AccountKey};";

    /// <summary>True when the Node stand-in runs; false when <c>CHANGEFEED_E2E_COSMOS</c> points at a real account.</summary>
    public bool IsStandIn => process is not null;

    /// <summary>A client owned by this fixture (disposed with it), configured like <see cref="CreateClient"/>.</summary>
    public CosmosClient Client => client.Value;

    /// <summary>What the stand-in wrote to stderr so far (with <see cref="CosmosStandInOptions.LogRequests"/>: one line per request).</summary>
    public string StandardError => process?.StandardError ?? "";

    /// <summary>Starts the stand-in, or connects to the account in <c>CHANGEFEED_E2E_COSMOS</c> when set.</summary>
    public static Task<CosmosStandIn> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new CosmosStandInOptions(), cancellationToken);

    public static async Task<CosmosStandIn> StartAsync(CosmosStandInOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.ConnectionString ?? Environment.GetEnvironmentVariable(CosmosStandInOptions.ConnectionStringVariable);

        // Without this the SDK asks the Azure VM metadata endpoint (169.254.169.254) about the machine: tests stay local.
        Environment.SetEnvironmentVariable(DisableImdsVariable, "true");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return ForAccount(connectionString);
        }

        var directory = StandInPackage.Locate(options.StandInDirectory);
        await StandInPackage.EnsureInstalledAsync(directory, options.InstallTimeout, cancellationToken).ConfigureAwait(false);
        var process = await StandInProcess.StartAsync(directory, options.LogRequests, options.IgnoreInterrupt, options.StartTimeout, cancellationToken).ConfigureAwait(false);
        return new CosmosStandIn(process.Endpoint, EmulatorKey, process, acceptAnyCertificate: false);
    }

    private static CosmosStandIn ForAccount(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!parts.TryGetValue("AccountEndpoint", out var endpoint) || !parts.TryGetValue("AccountKey", out var key))
        {
            throw new CosmosStandInException(
                $"{CosmosStandInOptions.ConnectionStringVariable} must look like AccountEndpoint=https://...;AccountKey=...;");
        }

        var acceptAnyCertificate = parts.TryGetValue("DisableServerCertificateValidation", out var disable)
            && bool.TryParse(disable.ToString(), out var yes) && yes;
        return new CosmosStandIn(new Uri(endpoint.ToString()!), key.ToString()!, process: null, acceptAnyCertificate);
    }

    /// <summary>
    /// Options the stand-in needs (and a real account accepts): Gateway mode, <c>LimitToEndpoint</c>, and trust in
    /// the stand-in's self-signed certificate for this endpoint only (pinned by its SHA-256).
    /// </summary>
    public CosmosClientOptions CreateClientOptions() => new()
    {
        ConnectionMode = ConnectionMode.Gateway,
        LimitToEndpoint = true,
        HttpClientFactory = CreateHttpClient,
    };

    /// <summary>A new client for this account; the caller disposes it.</summary>
    public CosmosClient CreateClient(Action<CosmosClientOptions>? configure = null)
    {
        var options = CreateClientOptions();
        configure?.Invoke(options);
        return new CosmosClient(Endpoint.ToString(), AccountKey, options);
    }

    /// <summary>Creates the database if it does not exist (no throughput: works on serverless accounts too).</summary>
    public async Task<Database> CreateDatabaseAsync(string databaseId, CancellationToken cancellationToken = default)
    {
        var response = await Client.CreateDatabaseIfNotExistsAsync(databaseId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            lock (createdDatabases)
            {
                createdDatabases.Add(response.Database);
            }
        }

        return response.Database;
    }

    /// <summary>Creates the database and the container if they do not exist.</summary>
    public async Task<Container> CreateContainerAsync(
        string databaseId, string containerId, string partitionKeyPath = "/id", CancellationToken cancellationToken = default)
    {
        var database = await CreateDatabaseAsync(databaseId, cancellationToken).ConfigureAwait(false);
        var response = await database.CreateContainerIfNotExistsAsync(containerId, partitionKeyPath, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.Container;
    }

    /// <summary>
    /// Creates the database and a container spread over at least <paramref name="physicalPartitions"/> partition key
    /// ranges (feed ranges): it asks for 10,000 RU/s per partition, the most one physical partition serves, so the
    /// stand-in makes exactly that many equal ranges and a real account at least that many (and bills that throughput
    /// while it exists). Hash partitioning version 2, as the stand-in requires for more than one range.
    /// </summary>
    public async Task<Container> CreatePartitionedContainerAsync(
        string databaseId, string containerId, string partitionKeyPath, int physicalPartitions, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(physicalPartitions, 1);
        var database = await CreateDatabaseAsync(databaseId, cancellationToken).ConfigureAwait(false);
        var properties = new ContainerProperties(containerId, partitionKeyPath) { PartitionKeyDefinitionVersion = PartitionKeyDefinitionVersion.V2 };
        var response = await database.CreateContainerIfNotExistsAsync(properties, physicalPartitions * ThroughputPerPhysicalPartition, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.Container;
    }

    /// <summary>
    /// Splits partition key range <paramref name="rangeId"/> of <paramref name="container"/> now (stand-in only): from
    /// then on the range answers 410 Gone (substatus 1002), and the ranges endpoint lists its two halves with it as
    /// parent, so that the SDK's own split handling takes over. Returns the ids of the halves.
    /// </summary>
    public async Task<IReadOnlyList<string>> SplitAsync(Container container, string rangeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (process is null)
        {
            throw new NotSupportedException(
                "Splitting a partition key range on demand exists only on the stand-in; a real account splits by itself when throughput or storage outgrow its partitions.");
        }

        using var http = CreateHttpClient();
        var path = $"_stand-in/dbs/{Uri.EscapeDataString(container.Database.Id)}/colls/{Uri.EscapeDataString(container.Id)}/pkranges/{Uri.EscapeDataString(rangeId)}/split";
        using var response = await http.PostAsync(new Uri(Endpoint, path), content: null, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new CosmosStandInException($"Splitting range {rangeId} of {container.Database.Id}/{container.Id} failed ({(int)response.StatusCode}): {body}");
        }

        return [.. Newtonsoft.Json.Linq.JObject.Parse(body)["children"]!.Select(child => (string)child["id"]!)];
    }

    /// <summary>A lease container for the change feed processor (partition key <c>/id</c>).</summary>
    public Task<Container> CreateLeaseContainerAsync(
        string databaseId, string containerId = "leases", CancellationToken cancellationToken = default) =>
        CreateContainerAsync(databaseId, containerId, "/id", cancellationToken);

    /// <summary>
    /// Fault injection (stand-in only): from now on, every change feed page (latest version) holding document
    /// <paramref name="id"/> of that container carries <paramref name="text"/> in its place, byte for byte. Cosmos DB
    /// validates every document it stores, so the service itself never delivers what this can: malformed JSON.
    /// </summary>
    public Task InjectMalformedChangeAsync(string database, string container, string id, string text, CancellationToken cancellationToken = default) =>
        SendFaultAsync(HttpMethod.Post, System.Text.Json.JsonSerializer.Serialize(new { database, container, id, text }), cancellationToken);

    /// <summary>Ends every injected fault.</summary>
    public Task ClearFaultsAsync(CancellationToken cancellationToken = default) => SendFaultAsync(HttpMethod.Delete, null, cancellationToken);

    private async Task SendFaultAsync(HttpMethod method, string? body, CancellationToken cancellationToken)
    {
        if (process is null)
        {
            throw new NotSupportedException("Faults can be injected into the Node stand-in only, not into a real account.");
        }

        using var http = CreateHttpClient();
        using var request = new HttpRequestMessage(method, new Uri(Endpoint, "_stand-in/faults/malformed-changes"));
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new CosmosStandInException(
                $"The stand-in refused the fault ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    /// <summary>Kills the stand-in; against a real account, deletes the databases this fixture created.</summary>
    public async ValueTask DisposeAsync()
    {
        if (process is null && client.IsValueCreated)
        {
            foreach (var database in createdDatabases)
            {
                try
                {
                    await database.DeleteAsync().ConfigureAwait(false);
                }
                catch (CosmosException)
                {
                    // best effort: a leftover test database is not worth failing a run
                }
            }
        }

        if (client.IsValueCreated)
        {
            client.Value.Dispose();
        }

        if (process is not null)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private HttpClient CreateHttpClient()
    {
#pragma warning disable CA2000 // the HttpClient owns and disposes the handler
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = IsTrusted };
#pragma warning restore CA2000
        return new HttpClient(handler, disposeHandler: true);
    }

    private bool IsTrusted(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors)
    {
        if (errors == System.Net.Security.SslPolicyErrors.None)
        {
            return true;
        }

        var sameEndpoint = request.RequestUri is { } uri
            && string.Equals(uri.Host, Endpoint.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == Endpoint.Port;
        if (!sameEndpoint || certificate is null)
        {
            return false;
        }

        return acceptAnyCertificate
            || (process is not null && string.Equals(
                certificate.GetCertHashString(HashAlgorithmName.SHA256), process.CertificateSha256, StringComparison.OrdinalIgnoreCase));
    }
}
