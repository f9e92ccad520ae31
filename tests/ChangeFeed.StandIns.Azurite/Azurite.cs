using Azure;
using Azure.Storage.Blobs;
using ChangeFeed.StandIns.Azurite.Internal;

namespace ChangeFeed.StandIns.Azurite;

/// <summary>
/// A Blob Storage account for tests: by default Azurite, the official Azure Storage emulator (npm package pinned in
/// tests/stand-ins/azurite, installed on first use), its blob service started on a free loopback port and killed on
/// dispose. When <c>CHANGEFEED_E2E_STORAGE</c> holds a connection string, no process starts and every client goes to
/// that account. <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> make an outage (Azurite only).
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's published development account and key (documented by Azurite; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly AzuriteOptions options;
    private readonly string? directory;
    private readonly string? location;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<BlobContainerClient> createdContainers = [];
    private AzuriteProcess? process;
    private int port;

    private Azurite(AzuriteOptions options, string connectionString, string? directory, string? location, AzuriteProcess? process)
    {
        this.options = options;
        ConnectionString = connectionString;
        this.directory = directory;
        this.location = location;
        this.process = process;
        port = process?.Port ?? 0;
    }

    /// <summary>A connection string the Azure SDK and <c>UseDevelopmentStorage</c>-style settings take.</summary>
    public string ConnectionString { get; }

    /// <summary>True when Azurite runs here; false when <c>CHANGEFEED_E2E_STORAGE</c> points at a real account.</summary>
    public bool IsEmulator => directory is not null;

    /// <summary>What Azurite printed so far (its output, not its access log).</summary>
    public string Output => process?.Output ?? "";

    /// <summary>Starts Azurite, or connects to the account in <c>CHANGEFEED_E2E_STORAGE</c> when set.</summary>
    public static Task<Azurite> StartAsync(CancellationToken cancellationToken = default) => StartAsync(new AzuriteOptions(), cancellationToken);

    public static async Task<Azurite> StartAsync(AzuriteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.ConnectionString ?? Environment.GetEnvironmentVariable(AzuriteOptions.ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(connectionString))
            return new Azurite(options, connectionString, directory: null, location: null, process: null);

        var directory = AzuritePackage.Locate(options.Directory);
        await AzuritePackage.EnsureInstalledAsync(directory, options.InstallTimeout, cancellationToken).ConfigureAwait(false);
        var location = Directory.CreateTempSubdirectory("changefeed-azurite-").FullName;
        var process = await AzuriteProcess.StartAsync(directory, location, port: 0, options.StartTimeout, cancellationToken).ConfigureAwait(false);
        return new Azurite(options, DevelopmentConnectionString(process.Port), directory, location, process);
    }

    /// <summary>A new client for this account; the caller keeps it.</summary>
    public BlobServiceClient CreateServiceClient(BlobClientOptions? clientOptions = null) => new(ConnectionString, clientOptions);

    /// <summary>Creates the container if it does not exist; against a real account it is deleted on dispose.</summary>
    public async Task<BlobContainerClient> CreateContainerAsync(string name, CancellationToken cancellationToken = default)
    {
        var container = CreateServiceClient().GetBlobContainerClient(name);
        if (await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false) is not null)
        {
            lock (createdContainers)
                createdContainers.Add(container);
        }

        return container;
    }

    /// <summary>Stops Azurite, as an outage would: requests are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        RequireEmulator();
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (process is not null)
                await process.DisposeAsync().ConfigureAwait(false);
            process = null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Starts Azurite again on the same port with the same data, after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        RequireEmulator();
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            process ??= await AzuriteProcess.StartAsync(directory!, location!, port, options.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsEmulator)
        {
            foreach (var container in createdContainers)
            {
                try
                {
                    await container.DeleteIfExistsAsync().ConfigureAwait(false);
                }
                catch (RequestFailedException)
                {
                    // best effort: a leftover test container is not worth failing a run
                }
            }
        }

        if (process is not null)
            await process.DisposeAsync().ConfigureAwait(false);
        if (location is not null)
        {
            try
            {
                Directory.Delete(location, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        gate.Dispose();
    }

    private void RequireEmulator()
    {
        if (!IsEmulator)
            throw new InvalidOperationException($"An outage can only be made on Azurite, not on the account in {AzuriteOptions.ConnectionStringVariable}.");
    }

    private static string DevelopmentConnectionString(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/{AccountName};";
}
