using ChangeFeed.CommandLine;
using ChangeFeed.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.AddChangeFeedFunctionApp();
using var host = builder.Build();

// Missing or invalid app settings: a checklist on standard error (the Functions host logs the worker's output) and
// exit code 4, instead of a start failure with a stack trace per validator.
if (ConfigurationChecklist.Validate(host.Services) is { Count: > 0 } failures)
{
    ConfigurationChecklist.Write(Console.Error, ConsoleStyle.For(Console.IsErrorRedirected), FunctionAppSetup.Program, failures, FunctionAppSetup.SettingSources);
    return ExitCodes.Configuration;
}

await host.RunAsync();
return ExitCodes.Ok;
