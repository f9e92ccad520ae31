namespace ChangeFeed.Infra.Tests.AzureYaml;

/// <summary>The schema is only worth something if it says no: each case breaks one rule of azd's v1.0 schema.</summary>
public sealed class Schema_rejects_invalid_azure_yaml
{
    private const string Valid = """
        name: changefeed
        services:
          relay:
            project: ./src/ChangeFeed.Functions
            language: dotnet
            host: function
        """;

    private readonly AzureYamlSchema schema = new();

    [Fact]
    public void the_valid_baseline_passes() => Assert.True(schema.Validate(Valid).IsValid, schema.Validate(Valid).ToString());

    [Fact]
    public void a_service_without_host_is_rejected() =>
        AssertRejected(Valid.Replace("\n    host: function", "", StringComparison.Ordinal), "required");

    [Theory]
    [InlineData("ChangeFeed")]
    [InlineData("change_feed")]
    [InlineData("-changefeed")]
    [InlineData("changefeed-")]
    [InlineData("c")]
    public void a_bad_name_is_rejected(string name) =>
        AssertRejected(Valid.Replace("name: changefeed", $"name: {name}", StringComparison.Ordinal), "/name");

    [Fact]
    public void a_missing_name_is_rejected() =>
        AssertRejected(Valid.Replace("name: changefeed\n", "", StringComparison.Ordinal), "required");

    [Fact]
    public void remote_build_on_a_non_function_host_is_rejected()
    {
        var appService = Valid.Replace("host: function", "host: appservice\n    remoteBuild: true", StringComparison.Ordinal);

        AssertRejected(appService, "remoteBuild");
    }

    [Fact]
    public void remote_build_on_a_function_host_is_accepted()
    {
        var function = Valid.Replace("host: function", "host: function\n    remoteBuild: true", StringComparison.Ordinal);

        Assert.True(schema.Validate(function).IsValid, schema.Validate(function).ToString());
    }

    [Fact]
    public void a_function_service_without_project_is_rejected() =>
        AssertRejected(Valid.Replace("    project: ./src/ChangeFeed.Functions\n", "", StringComparison.Ordinal), "required");

    [Fact]
    public void an_image_on_a_function_service_is_rejected() =>
        AssertRejected(Valid.Replace("host: function", "host: function\n    image: contoso/relay:1", StringComparison.Ordinal), "image");

    [Fact]
    public void an_unknown_host_is_rejected() =>
        AssertRejected(Valid.Replace("host: function", "host: lambda", StringComparison.Ordinal), "/host");

    [Fact]
    public void no_services_at_all_is_rejected() =>
        AssertRejected("name: changefeed\nservices: {}\n", "/services");

    [Fact]
    public void a_hook_with_an_unknown_shell_is_rejected() =>
        AssertRejected(Valid + "\nhooks:\n  postprovision:\n    shell: bash\n    run: ./x.sh\n", "/hooks");

    [Fact]
    public void a_platform_hook_without_run_is_rejected() =>
        AssertRejected(Valid + "\nhooks:\n  postprovision:\n    posix:\n      shell: sh\n", "/hooks");

    [Fact]
    public void an_unknown_service_hook_is_rejected() =>
        AssertRejected(Valid + "\n    hooks:\n      postprovision:\n        run: ./x.sh\n", "hooks");

    [Fact]
    public void unknown_top_level_properties_are_allowed_as_in_azd() =>
        Assert.True(schema.Validate(Valid + "\nsomethingNew: 1\n").IsValid);

    private void AssertRejected(string yaml, string expectedLocation)
    {
        var verdict = schema.Validate(yaml);

        Assert.False(verdict.IsValid, $"accepted:\n{yaml}");
        Assert.Contains(verdict.Errors, e => e.Contains(expectedLocation, StringComparison.OrdinalIgnoreCase));
    }
}
