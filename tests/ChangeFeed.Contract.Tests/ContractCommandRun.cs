using ChangeFeed.CommandLine;
using ChangeFeed.Host.Commands;

namespace ChangeFeed.Contract.Tests;

/// <summary>Runs the processor host's command line in process, as <c>dotnet run --project src/ChangeFeed.Host -- ...</c> would.</summary>
internal static class ContractCommandRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await HostCommandLine.RunAsync(args, CommandConsole.Redirected(output, error), configure: null, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }
}
