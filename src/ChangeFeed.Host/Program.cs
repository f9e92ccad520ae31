using ChangeFeed.Host;
using ChangeFeed.Host.Commands;
using Microsoft.Extensions.Hosting;

// The relay on the Cosmos DB change feed processor: `dotnet run --project src/ChangeFeed.Host`.
// Configured with the Function App's settings (COSMOS, SERVICEBUS, COSMOS_DATABASE, ChangeFeed__Routes__*, ...) plus
// the Host section (see Configuration/ProcessorHostOptions.cs). A missing or wrong setting stops it at start, by name.
// `... -- parked list|replay <route>` works on parked changes with the same settings instead (Commands/).
if (ParkedChangesCommand.Handles(args))
    return await ParkedChangesCommand.RunAsync(args, Console.Out, Console.Error, configure: null, CancellationToken.None);

var builder = Host.CreateApplicationBuilder(args);
builder.AddChangeFeedProcessorHost();
await builder.Build().RunAsync();
return 0;
