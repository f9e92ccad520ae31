using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace ChangeFeed.LocalDevelopment.Tests;

/// <summary>infra/local/docker-compose.yml starts the official emulators on the ports local.settings.sample.json uses.</summary>
public sealed partial class Compose_file_runs_the_emulators_the_sample_connects_to
{
    private static readonly Dictionary<string, object> Compose =
        new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(Repo.ComposeFile));

    private static Dictionary<object, object> Services => (Dictionary<object, object>)Compose["services"];

    [Theory]
    [InlineData("cosmos", "mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator")]
    [InlineData("servicebus", "mcr.microsoft.com/azure-messaging/servicebus-emulator")]
    [InlineData("sqlserver", "mcr.microsoft.com/mssql/server")]
    [InlineData("azurite", "mcr.microsoft.com/azure-storage/azurite")]
    public void service_runs_the_official_image(string service, string image) =>
        Assert.StartsWith(image + ":", (string)Service(service)["image"], StringComparison.Ordinal);

    [Fact]
    public void cosmos_db_listens_where_the_sample_connection_string_points()
    {
        var endpoint = new Uri(ConnectionStringPart(SampleSettings.Values()["COSMOS"], "AccountEndpoint"));

        Assert.Equal("localhost", endpoint.Host);
        Assert.Contains(endpoint.Port, PublishedPorts("cosmos"));
        // The .NET SDK's default direct mode talks to these.
        Assert.All(Enumerable.Range(10250, 6), port => Assert.Contains(port, PublishedPorts("cosmos")));
    }

    [Fact]
    public void service_bus_listens_where_the_sample_connection_string_points()
    {
        var connection = SampleSettings.Values()["SERVICEBUS"];
        var endpoint = new Uri(ConnectionStringPart(connection, "Endpoint"));

        Assert.Equal("localhost", endpoint.Host);
        Assert.Equal("true", ConnectionStringPart(connection, "UseDevelopmentEmulator"));
        // No port in the endpoint: the client uses AMQP's 5672 without TLS.
        Assert.Contains(endpoint.IsDefaultPort || endpoint.Port < 0 ? 5672 : endpoint.Port, PublishedPorts("servicebus"));
    }

    [Fact]
    public void azurite_listens_where_development_storage_points()
    {
        Assert.Equal("UseDevelopmentStorage=true", SampleSettings.Values()["AzureWebJobsStorage"]);
        Assert.Equal([10000, 10001, 10002], PublishedPorts("azurite").Order());
    }

    [Fact]
    public void every_mounted_file_exists()
    {
        var mounts = Services.Values.Cast<Dictionary<object, object>>()
            .Where(s => s.ContainsKey("volumes"))
            .SelectMany(s => ((List<object>)s["volumes"]).Cast<string>())
            .Where(v => v.StartsWith('.'))
            .ToList();

        Assert.NotEmpty(mounts);
        Assert.All(mounts, mount => Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Repo.ComposeFile)!, mount.Split(':')[0])), $"{mount}: no such file"));
    }

    [Fact]
    public void service_bus_reads_the_config_that_mirrors_the_bicep()
    {
        var volumes = ((List<object>)Service("servicebus")["volumes"]).Cast<string>();

        Assert.Contains(volumes, v => v.StartsWith("./servicebus-config.json:/ServiceBus_Emulator/ConfigFiles/Config.json", StringComparison.Ordinal));
        Assert.Equal("sqlserver", Environment("servicebus")["SQL_SERVER"]);
        Assert.Contains("sqlserver", ((List<object>)Service("servicebus")["depends_on"]).Cast<string>());
    }

    [Fact]
    public void the_sql_password_comes_from_one_environment_variable_with_a_local_default()
    {
        var emulator = Environment("servicebus")["MSSQL_SA_PASSWORD"];

        Assert.Matches(VariableWithDefault(), emulator);
        Assert.Equal(emulator, Environment("sqlserver")["MSSQL_SA_PASSWORD"]);
        Assert.Equal("Y", Environment("servicebus")["ACCEPT_EULA"]);
        Assert.Equal("Y", Environment("sqlserver")["ACCEPT_EULA"]);
        // The SQL Server is for the emulator only: not published on the host.
        Assert.False(Service("sqlserver").ContainsKey("ports"));
    }

    private static Dictionary<object, object> Service(string name) => (Dictionary<object, object>)Services[name];

    private static Dictionary<string, string> Environment(string service) =>
        ((Dictionary<object, object>)Service(service)["environment"]).ToDictionary(p => (string)p.Key, p => (string)p.Value, StringComparer.Ordinal);

    // "8081:8081" and "10250-10255:10250-10255": the host side.
    private static List<int> PublishedPorts(string service) =>
        [.. ((List<object>)Service(service)["ports"]).Cast<string>().SelectMany(mapping =>
        {
            var host = mapping.Split(':')[^2].Split('-').Select(int.Parse).ToArray();
            return Enumerable.Range(host[0], host.Length == 1 ? 1 : host[1] - host[0] + 1);
        })];

    private static string ConnectionStringPart(string connectionString, string name) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Single(pair => pair[0].Equals(name, StringComparison.OrdinalIgnoreCase))[1];

    [GeneratedRegex(@"^\$\{[A-Z_]+:-[^$}]{8,}\}$")]
    private static partial Regex VariableWithDefault();
}
