using ChangeFeed.CommandLine;

namespace ChangeFeed.Contract.Tests;

/// <summary>
/// docs/contract/asyncapi.json is the contract command's output for local.settings.sample.json, so a change to the
/// wire that the generator describes shows up as a diff of the committed document. To update it after a deliberate
/// change: <c>dotnet run --project src/ChangeFeed.Host -- contract --settings local.settings.sample.json --output docs/contract/asyncapi.json</c>.
/// </summary>
public sealed class the_committed_contract_is_what_the_contract_command_writes
{
    [Fact]
    public async Task for_the_sample_settings()
    {
        var (exitCode, output, error) = await ContractCommandRun.RunAsync("contract", "--settings", Repo.Path("local.settings.sample.json"));

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.True(
            Repo.Read(Repo.Contract) == output,
            $"{Repo.Contract} differs from what the contract command writes for local.settings.sample.json; regenerate it with "
            + "dotnet run --project src/ChangeFeed.Host -- contract --settings local.settings.sample.json --output docs/contract/asyncapi.json, and record the change in CHANGELOG.md.");
    }

    [Fact]
    public async Task to_the_file_named_by_output()
    {
        var file = Path.Combine(Path.GetTempPath(), $"asyncapi-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, output, error) = await ContractCommandRun.RunAsync("contract", "--settings", Repo.Path("local.settings.sample.json"), "--output", file);

            Assert.Equal(ExitCodes.Ok, exitCode);
            Assert.Empty(output);
            Assert.Contains(file, error, StringComparison.Ordinal);
            Assert.Equal(Repo.Read(Repo.Contract), await File.ReadAllTextAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task and_refuses_settings_without_routes_with_the_checklist()
    {
        var settings = Path.Combine(Path.GetTempPath(), $"settings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settings, """{ "Values": { "ChangeFeed__Account": "contoso" } }""");
        try
        {
            var (exitCode, output, error) = await ContractCommandRun.RunAsync("contract", "--settings", settings);

            Assert.Equal(ExitCodes.Configuration, exitCode);
            Assert.Empty(output);
            Assert.Contains("ChangeFeed:Routes has no route", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(settings);
        }
    }
}
