using ChangeFeed.CommandLine;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.CommandLine.Tests;

/// <summary>
/// Malformed connection strings (exit 4) and option values (exit 2) in the first hour (<see cref="FirstSteps"/>): one
/// line naming the setting or option, never echoing a key, no stack trace.
/// </summary>
public sealed class a_malformed_setting_or_option_is_named_in_one_line(ITestOutputHelper output)
{
    [Theory]
    [InlineData("COSMOS", "AccountEndpoint=https://localhost:8081/;AccountKey=not*base64;", "COSMOS has an AccountKey that is not base64")]
    [InlineData("COSMOS", "https://localhost:8081/", "COSMOS is not a Cosmos DB connection string")]
    [InlineData("COSMOS", "AccountKey=" + FirstSteps.Key + ";", "COSMOS has no AccountEndpoint=https://HOST:PORT/")]
    [InlineData("SERVICEBUS", "sb://localhost", "SERVICEBUS is not a Service Bus connection string")]
    [InlineData("SERVICEBUS", "Endpoint=sb://localhost;UseDevelopmentEmulator=true;", "SERVICEBUS has no SharedAccessKeyName and SharedAccessKey")]
    public async Task a_malformed_connection_string_is_a_configuration_error_named_by_its_setting(string setting, string value, string message)
    {
        var settings = FirstSteps.NothingStarted(FirstSteps.FreePort(), FirstSteps.FreePort());
        settings[setting] = value;

        var run = await BuiltProgram.RunAsync("ChangeFeed.Host", ["check"], settings);
        output.WriteLine(run.ToString());

        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.StartsWith(message, Assert.Single(run.FailedLines), StringComparison.Ordinal);
        Assert.DoesNotContain("not*base64", run.Error, StringComparison.Ordinal); // a key is never echoed
        FirstSteps.AssertFewLinesNoStack(run, 5);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("0")]
    public async Task a_page_size_that_is_not_a_whole_number_in_range_is_a_usage_error(string value)
    {
        var run = await BuiltProgram.RunAsync("ChangeFeed.Host", ["backfill", "orders", "--subscription", "x", "--page-size", value]);
        output.WriteLine(run.ToString());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith($"--page-size '{value}' is not a whole number from 1 to 10000: e.g. --page-size 100.", run.Error, StringComparison.Ordinal);
        FirstSteps.AssertFewLinesNoStack(run, 2);
    }
}
