using System.Diagnostics;

namespace ChangeFeed.Contract.Tests;

/// <summary>
/// The committed contract passes the AsyncAPI initiative's own parser (<c>@asyncapi/parser</c>, pinned in
/// tests/contract-tools, run by Node.js): the document is AsyncAPI 3.0 as the tools that generate code and
/// documentation from it read it, with no error diagnostic.
/// </summary>
public sealed class the_official_asyncapi_parser_accepts_the_contract
{
    private static readonly string Tools = Repo.Path("tests/contract-tools");

    [Fact]
    public async Task committed_for_the_sample_settings()
    {
        var (exitCode, output) = await ParseAsync(Repo.Path(Repo.Contract));

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"parsed\":true,\"errors\":0,\"version\":\"3.0.0\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task generated_for_routes_with_data_schemas_and_structured_mode()
    {
        var file = Path.Combine(Path.GetTempPath(), $"asyncapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, AsyncApiContract.Write(SchemaRoutes.All()));
        try
        {
            var (exitCode, output) = await ParseAsync(file);

            Assert.True(exitCode == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The parser's verdict on <paramref name="file"/>; installs the pinned parser from the lockfile first if it is missing.</summary>
    internal static async Task<(int ExitCode, string Output)> ParseAsync(string file)
    {
        if (!File.Exists(Path.Combine(Tools, "node_modules", "@asyncapi", "parser", "package.json")))
        {
            var (installed, log) = await RunAsync("npm", "ci --ignore-scripts --no-audit --no-fund");
            Assert.True(installed == 0, $"npm ci in tests/contract-tools failed:\n{log}");
        }

        return await RunAsync("node", $"validate.mjs \"{file}\"");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = Tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
