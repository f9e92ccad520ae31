namespace ChangeFeed.StandIns.Cosmos.Tests;

public sealed class fixture_start_and_account_selection
{
    [Fact]
    public async Task a_stand_in_that_fails_to_start_surfaces_its_stderr()
    {
        var directory = Directory.CreateTempSubdirectory("broken-stand-in-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "node_modules", "@vercel", "cosmosdb-server"));
            await File.WriteAllTextAsync(Path.Combine(directory, "node_modules", ".package-lock.json"), "{}");
            await File.WriteAllTextAsync(Path.Combine(directory, "node_modules", "@vercel", "cosmosdb-server", "package.json"), "{}");
            await File.WriteAllTextAsync(Path.Combine(directory, "server.js"), "console.error('port 1 is cursed'); process.exit(3);");

            var failure = await Assert.ThrowsAsync<CosmosStandInException>(() => CosmosStandIn.StartAsync(
                new CosmosStandInOptions { StandInDirectory = directory, ConnectionString = "" }));

            Assert.Contains("port 1 is cursed", failure.Message, StringComparison.Ordinal);
            Assert.Contains("exited with code 3", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task a_connection_string_selects_that_account_and_starts_no_process()
    {
        await using var account = await CosmosStandIn.StartAsync(new CosmosStandInOptions
        {
            ConnectionString = "AccountEndpoint=https://cosmos.example.invalid:443/;AccountKey=c2VjcmV0;",
        });

        Assert.False(account.IsStandIn);
        Assert.Equal(new Uri("https://cosmos.example.invalid:443/"), account.Endpoint);
        Assert.Equal("c2VjcmV0", account.AccountKey);
        Assert.Equal("AccountEndpoint=https://cosmos.example.invalid/;AccountKey=c2VjcmV0;", account.ConnectionString);
    }
}
