using System.CommandLine;
using ChangeFeed.CommandLine;
using ChangeFeed.Demo;

// The pipeline on one machine, without Azure or Docker: `dotnet run --project samples/ChangeFeed.Demo`.
// The Cosmos DB and Service Bus it uses are the test suite's stand-ins (test infrastructure, not emulators).
var console = CommandConsole.Standard();
var count = new Option<int?>("--count") { Description = "Stop after this many events have arrived (default: run until Ctrl+C).", HelpName = "N" };
var root = new RootCommand(
    "A demo of the whole pipeline without Azure or Docker: starts the test suite's Cosmos DB and Service Bus stand-ins "
    + "(test infrastructure, not emulators), the relay (the processor host's setup, in this process) and the sample subscriber, "
    + "writes orders through the outbox writer and as plain documents, and shows the events as they arrive."
    + $"{Environment.NewLine}{ExitCodes.Description}")
{
    count,
};
Examples.Add(root,
    "dotnet run --project samples/ChangeFeed.Demo                      # until Ctrl+C",
    "dotnet run --project samples/ChangeFeed.Demo -- --count 9 > demo.txt   # plain lines, stops after 9 events");
root.SetAction(async (parse, token) =>
{
    if (parse.GetValue(count) is { } wanted && wanted < 1)
    {
        await console.Error.WriteLineAsync("--count must be 1 or more.");
        return ExitCodes.Usage;
    }

    return await DemoRun.RunAsync(console, parse.GetValue(count), token);
});
return await CommandLineInvocation.InvokeAsync(root, args, console, CancellationToken.None);
