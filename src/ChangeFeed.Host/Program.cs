using ChangeFeed.Host;
using Microsoft.Extensions.Hosting;

// The relay on the Cosmos DB change feed processor: `dotnet run --project src/ChangeFeed.Host`.
// Configured with the Function App's settings (COSMOS, SERVICEBUS, COSMOS_DATABASE, ChangeFeed__Routes__*, ...) plus
// the Host section (see Configuration/ProcessorHostOptions.cs). A missing or wrong setting stops it at start, by name.
var builder = Host.CreateApplicationBuilder(args);
builder.AddChangeFeedProcessorHost();
await builder.Build().RunAsync();
