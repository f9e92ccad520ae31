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
using var client = new CosmosClient(connection, options);
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
