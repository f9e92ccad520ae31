using ChangeFeed.CommandLine;
using ChangeFeed.Tests.Programs;

namespace ChangeFeed.CommandLine.Tests;

/// <summary>
/// The programs as built, started with nothing configured: every missing setting at once, one line each with its
/// name, what it is for and an example, then where settings come from; exit code 4, no stack trace.
/// </summary>
public sealed class every_program_lists_missing_settings_as_a_checklist(ITestOutputHelper output)
{
    public static TheoryData<string, string[], string, string[]> Programs => new()
    {
        {
            "ChangeFeed.Host", [], "The processor host",
            ["COSMOS__accountEndpoint", "SERVICEBUS__fullyQualifiedNamespace", "COSMOS_DATABASE", "ChangeFeed:Account", "ChangeFeed:Routes", "COSMOS_LEASES_CONTAINER"]
        },
        {
            "ChangeFeed.Host", ["check"], "The processor host",
            ["COSMOS__accountEndpoint", "SERVICEBUS__fullyQualifiedNamespace", "COSMOS_DATABASE", "ChangeFeed:Account", "ChangeFeed:Routes", "COSMOS_LEASES_CONTAINER"]
        },
        {
            // The parked commands need no lease container: they run no processor.
            "ChangeFeed.Host", ["parked", "list", "orders"], "The processor host",
            ["COSMOS__accountEndpoint", "SERVICEBUS__fullyQualifiedNamespace", "COSMOS_DATABASE", "ChangeFeed:Account", "ChangeFeed:Routes"]
        },
        {
            // appsettings.json beside the program supplies the Subscriber section wherever the program is started from.
            "ChangeFeed.Subscriber", [], "The subscriber",
            ["SERVICEBUS__fullyQualifiedNamespace", "COSMOS__accountEndpoint"]
        },
        {
            "ChangeFeed.Functions", [], "The Function App",
            [
                "COSMOS__accountEndpoint", "SERVICEBUS__fullyQualifiedNamespace", "COSMOS_DATABASE", "ChangeFeed:Account", "ChangeFeed:Routes",
                "ORDERS_CONTAINER", "COSMOS_LEASES_CONTAINER", "OUTBOX_CONTAINER", "EVENTS_CONTAINER",
                "ChangeFeed__Routes__orders__*", "ChangeFeed__Routes__outbox__*", "ChangeFeed__Routes__eventstore__*",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task nothing_configured_lists_every_missing_setting_once_and_exits_4(string program, string[] args, string who, string[] settings)
    {
        var run = await BuiltProgram.RunAsync(program, args);
        output.WriteLine(run.ToString());

        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.StartsWith($"{who} cannot start: {settings.Length} settings are missing or invalid.", run.Error, StringComparison.Ordinal);
        Assert.Equal(settings, run.FailedLines.Select(ConfigurationChecklist.SettingName));
        Assert.All(run.FailedLines, line => Assert.Matches(@"^\S+ .+: .+e\.g\. .+\.$", line));
        Assert.Contains("Settings come from ", run.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was started (exit code 4).", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error + run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error + run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_settings_file_that_does_not_exist_is_a_configuration_error_too()
    {
        var run = await BuiltProgram.RunAsync("ChangeFeed.Host", ["check", "--settings", "no-such.local.settings.json"]);
        output.WriteLine(run.ToString());

        Assert.Equal(ExitCodes.Configuration, run.ExitCode);
        Assert.Equal(["--settings 'no-such.local.settings.json' does not exist: give the path of a Functions local.settings.json, e.g. src/ChangeFeed.Functions/local.settings.json (azd up writes it) or local.settings.sample.json."],
            run.FailedLines);
        Assert.Empty(run.Output);
    }
}
