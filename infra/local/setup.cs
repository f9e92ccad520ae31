#:package Microsoft.Azure.Cosmos
#:package Newtonsoft.Json
#:package Azure.Storage.Blobs

// Creates the database and containers of infra/local/containers.json on the Cosmos DB emulator (or any account
// COSMOS points at), and its blob containers (the claim check's) on Azurite (or the storage CLAIMCHECK points at).
// Idempotent: run it as often as you like.
//   dotnet run infra/local/setup.cs
//   COSMOS="AccountEndpoint=...;AccountKey=...;" CLAIMCHECK="<storage connection string>" dotnet run infra/local/setup.cs
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;

// The emulator's published, well-known development key: not a secret.
const string Emulator = "AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;";

var connection = Environment.GetEnvironmentVariable("COSMOS") is { Length: > 0 } value ? value : Emulator;
var layoutPath = Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "infra/local", "containers.json");
using var layout = JsonDocument.Parse(File.ReadAllText(layoutPath));

var options = new CosmosClientOptions
{
    ConnectionMode = ConnectionMode.Gateway,
    LimitToEndpoint = true,
    // The emulator's certificate is self-signed; accept it only for a local endpoint.
    ServerCertificateCustomValidationCallback = (_, _, _) => connection.Contains("localhost", StringComparison.OrdinalIgnoreCase) || connection.Contains("127.0.0.1", StringComparison.Ordinal),
};
// A service that is not started is one line and exit code 1, not the SDK's retries and stack (--verbose shows them).
var verbose = args.Contains("--verbose");
if (await Unreachable(connection, "AccountEndpoint", 443) is { } cosmosDown)
    return Fail($"Cosmos DB (COSMOS) at {cosmosDown}", null);

using var client = new CosmosClient(connection, options);
try
{
    await CreateAsync(client);
}
catch (Exception failure) when (failure is CosmosException or HttpRequestException or Azure.RequestFailedException or AggregateException or TimeoutException)
{
    return Fail($"{(failure is Azure.RequestFailedException ? "Blob Storage (CLAIMCHECK)" : "Cosmos DB (COSMOS)")} refused or did not answer: {failure.Message.Split('\n')[0].Trim()}", failure);
}

return 0;

int Fail(string what, Exception? failure)
{
    var local = connection.Contains("localhost", StringComparison.OrdinalIgnoreCase) || connection.Contains("127.0.0.1", StringComparison.Ordinal);
    Console.Error.WriteLine($"setup: {what}. " + (local
        ? "Start the emulators (docker compose -f infra/local/docker-compose.yml up -d; the Cosmos DB emulator needs a minute or two), then run this again."
        : "Check COSMOS and the network, then run this again."));
    if (verbose && failure is not null)
        Console.Error.WriteLine(failure);
    return 1;
}

// host:port (protocol) with what was found, when nothing answers on the endpoint's port within 3 s; null when something does.
static async Task<string?> Unreachable(string connectionString, string key, int defaultPort)
{
    var endpoint = connectionString.Split(';').Select(part => part.Split('=', 2)).FirstOrDefault(pair => pair.Length == 2 && pair[0].Trim().Equals(key, StringComparison.OrdinalIgnoreCase))?[1];
    if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        return $"(no {key} in COSMOS): expected AccountEndpoint=https://HOST:PORT/;AccountKey=KEY;";
    using var tcp = new System.Net.Sockets.TcpClient();
    using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(3));
    var where = $"{uri.Host}:{(uri.IsDefaultPort ? defaultPort : uri.Port)} ({uri.Scheme.ToUpperInvariant()})";
    try
    {
        await tcp.ConnectAsync(uri.Host, uri.IsDefaultPort ? defaultPort : uri.Port, limit.Token);
        return null;
    }
    catch (OperationCanceledException)
    {
        return $"{where}: no answer within 3 s";
    }
    catch (System.Net.Sockets.SocketException refused)
    {
        return $"{where}: {(refused.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused ? "connection refused, nothing listens there" : refused.SocketErrorCode.ToString())}";
    }
}

async Task CreateAsync(CosmosClient client)
{
    var databaseName = layout.RootElement.GetProperty("database").GetString()!;
    var database = (await client.CreateDatabaseIfNotExistsAsync(databaseName)).Database;
    Console.WriteLine($"database {databaseName}: ready");
    foreach (var container in layout.RootElement.GetProperty("containers").EnumerateArray())
    {
        var properties = new ContainerProperties(container.GetProperty("name").GetString(), container.GetProperty("partitionKeyPath").GetString());
        if (container.TryGetProperty("defaultTimeToLive", out var ttl))
            properties.DefaultTimeToLive = ttl.GetInt32();
        var response = await database.CreateContainerIfNotExistsAsync(properties);
        Console.WriteLine($"container {properties.Id} ({properties.PartitionKeyPath}): {(response.StatusCode == System.Net.HttpStatusCode.Created ? "created" : "exists")}");
    }

    // Azurite's development storage (UseDevelopmentStorage=true: http://127.0.0.1:10000/devstoreaccount1).
    var storage = new BlobServiceClient(Environment.GetEnvironmentVariable("CLAIMCHECK") is { Length: > 0 } blobs ? blobs : "UseDevelopmentStorage=true");
    foreach (var name in layout.RootElement.GetProperty("blobContainers").EnumerateArray().Select(c => c.GetString()!))
    {
        var created = await storage.GetBlobContainerClient(name).CreateIfNotExistsAsync();
        Console.WriteLine($"blob container {name}: {(created is null ? "exists" : "created")}");
    }
}
