using ChangeFeed.CommandLine;
using Microsoft.Extensions.Options;

namespace ChangeFeed.CommandLine.Tests;

public sealed class the_configuration_checklist_lists_each_problem_once_and_where_settings_come_from
{
    private const string Sources = "environment variables and appsettings.json";

    [Fact]
    public void every_failure_of_every_validator_is_one_line_starting_with_its_setting()
    {
        var failure = new AggregateException(
            new OptionsValidationException("a", typeof(object), ["COSMOS_DATABASE is required: the database, e.g. changefeed.", "Host:Mode 'x' is not a mode: expected LatestVersion."]),
            new OptionsValidationException("b", typeof(object), ["ChangeFeed:Account is required: the account, e.g. cosmos-contoso."]));
        using var writer = new StringWriter();

        ConfigurationChecklist.Write(writer, ConsoleStyle.Plain, "The processor host", ConfigurationChecklist.Failures(failure)!, Sources);

        Assert.Equal(
            """
            The processor host cannot start: 3 settings are missing or invalid.
              FAIL COSMOS_DATABASE is required: the database, e.g. changefeed.
              FAIL Host:Mode 'x' is not a mode: expected LatestVersion.
              FAIL ChangeFeed:Account is required: the account, e.g. cosmos-contoso.
            Settings come from environment variables and appsettings.json.
            In environment variables and app settings ':' is written '__', e.g. Host__Mode.
            Nothing was started (exit code 4).

            """.ReplaceLineEndings(), writer.ToString());
    }

    [Fact]
    public void a_setting_two_validators_require_is_listed_once_and_distinct_problems_of_one_setting_are_kept()
    {
        var lines = ConfigurationChecklist.Lines([
            "COSMOS_DATABASE is required: the database of the lease and parking containers, e.g. changefeed.",
            "COSMOS_DATABASE is required: the Cosmos DB trigger of function RelayOutbox reads it, e.g. changefeed.",
            "X:EventType and X:TypeProperty are both set: use one.",
            "X:EventType is set on an eventstore route: set TypeProperty instead.",
            "X:EventType and X:TypeProperty are both set: use one.",
        ]);

        Assert.Equal([
            "COSMOS_DATABASE is required: the database of the lease and parking containers, e.g. changefeed.",
            "X:EventType and X:TypeProperty are both set: use one.",
            "X:EventType is set on an eventstore route: set TypeProperty instead.",
        ], lines);
    }

    [Fact]
    public void only_options_validation_failures_are_configuration_errors()
    {
        Assert.Null(ConfigurationChecklist.Failures(new InvalidOperationException("a bug")));
        Assert.Null(ConfigurationChecklist.Failures(new AggregateException(new OptionsValidationException("a", typeof(object), ["A is required"]), new IOException("disk"))));
        Assert.Equal(["A is required"], ConfigurationChecklist.Failures(new OptionsValidationException("a", typeof(object), ["A is required"])));
    }

    [Fact]
    public void on_a_terminal_the_items_are_marked_and_the_setting_stands_out()
    {
        using var writer = new StringWriter();

        ConfigurationChecklist.Write(writer, ConsoleStyle.Terminal(colour: true), "The subscriber", ["Subscriber:Topic is required: the topic, e.g. orders-events."], Sources);

        Assert.Contains("  \u001b[31m✗\u001b[0m \u001b[1mSubscriber:Topic\u001b[0m is required: the topic, e.g. orders-events.", writer.ToString(), StringComparison.Ordinal);
    }
}
