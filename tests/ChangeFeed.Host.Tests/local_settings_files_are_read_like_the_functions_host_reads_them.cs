using ChangeFeed.CommandLine;
using ChangeFeed.Host.Commands;

namespace ChangeFeed.Host.Tests;

/// <summary><see cref="LocalSettingsFile"/>: the Values of a Functions local.settings.json as configuration keys.</summary>
public sealed class local_settings_files_are_read_like_the_functions_host_reads_them : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"local.settings.{Guid.NewGuid():N}.json");

    [Fact]
    public void values_become_settings_with_double_underscores_as_sections()
    {
        File.WriteAllText(file, """
            {
              // comments and trailing commas, as editors leave them
              "IsEncrypted": false,
              "Values": {
                "COSMOS__accountEndpoint": "https://contoso.documents.azure.com:443/",
                "ChangeFeed__Routes__orders__Topic": "orders-cdc",
                "Host__MaxItemsPerBatch": 500,
                "Flag": true,
                "Unset": null,
              },
              "Host": { "LocalHttpPort": 7071 }
            }
            """);

        var settings = LocalSettingsFile.Read(file);

        Assert.Equal("https://contoso.documents.azure.com:443/", settings["COSMOS:accountEndpoint"]);
        Assert.Equal("orders-cdc", settings["ChangeFeed:Routes:orders:Topic"]);
        Assert.Equal("500", settings["Host:MaxItemsPerBatch"]);
        Assert.Equal("true", settings["flag"]);
        Assert.Null(settings["Unset"]);
        Assert.DoesNotContain(settings.Keys, key => key.Contains("LocalHttpPort", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "Values": { "COSMOS": { "accountEndpoint": "x" } } }""", "Values.COSMOS is Object: expected a string")]
    [InlineData("""{ "IsEncrypted": false }""", "has no \"Values\" object")]
    [InlineData("""{ "Values": [ """, "is not JSON")]
    public void a_file_that_is_not_local_settings_is_refused_naming_the_file_and_the_problem(string content, string problem)
    {
        File.WriteAllText(file, content);

        var error = Assert.Throws<InvalidDataException>(() => LocalSettingsFile.Read(file));

        Assert.StartsWith($"--settings '{file}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("e.g. ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_missing_file_is_named()
    {
        var error = Assert.Throws<InvalidDataException>(() => LocalSettingsFile.Read(file));

        Assert.StartsWith($"--settings '{file}' does not exist: give the path of a Functions local.settings.json, e.g. ", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(file);
}
