using ChangeFeed.StandIns.Azurite;

namespace ChangeFeed.BlobStorage.Tests;

/// <summary>The Azurite fixture: a start that fails says why, with what the process printed.</summary>
public sealed class azurite_that_cannot_start_is_reported_with_its_output
{
    [Fact]
    public async Task an_exiting_process_is_an_AzuriteException_carrying_its_output()
    {
        var directory = Directory.CreateTempSubdirectory("changefeed-azurite-fake-").FullName;
        try
        {
            // Looks installed; its start.js fails at once.
            Directory.CreateDirectory(Path.Combine(directory, "node_modules", "azurite", "dist", "src", "blob"));
            await File.WriteAllTextAsync(Path.Combine(directory, "node_modules", ".package-lock.json"), "{}");
            await File.WriteAllTextAsync(Path.Combine(directory, "node_modules", "azurite", "dist", "src", "blob", "main.js"), "");
            await File.WriteAllTextAsync(Path.Combine(directory, "start.js"), "console.log('port 1 is cursed'); process.exit(3);");

            var failure = await Assert.ThrowsAsync<AzuriteException>(() => Azurite.StartAsync(new AzuriteOptions { Directory = directory, ConnectionString = "" }));

            Assert.Contains("exited", failure.Message, StringComparison.Ordinal);
            Assert.Contains("port 1 is cursed", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task a_connection_string_selects_that_account_and_starts_no_process()
    {
        await using var account = await Azurite.StartAsync(new AzuriteOptions { ConnectionString = "UseDevelopmentStorage=true" });

        Assert.False(account.IsEmulator);
        Assert.Equal("UseDevelopmentStorage=true", account.ConnectionString);
        await Assert.ThrowsAsync<InvalidOperationException>(account.StopAsync);
    }
}
