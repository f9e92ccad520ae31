using ChangeFeed.CommandLine;
using ChangeFeed.Host.Commands;

// The relay on the Cosmos DB change feed processor: `dotnet run --project src/ChangeFeed.Host [-- run|check|parked ...]`.
// Configured with the Function App's settings (COSMOS, SERVICEBUS, COSMOS_DATABASE, ChangeFeed__Routes__*, ...) plus
// the Host section (Configuration/ProcessorHostOptions.cs). The commands are in Commands/ (HostCommandLine lists them);
// docs/processor-host.md describes them, their settings and their exit codes.
return await HostCommandLine.RunAsync(args, CommandConsole.Standard(), configure: null, CancellationToken.None);
