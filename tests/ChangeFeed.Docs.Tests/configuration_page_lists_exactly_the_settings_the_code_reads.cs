namespace ChangeFeed.Docs.Tests;

/// <summary>
/// docs/configuration.md documents every setting the code reads (see <see cref="CodeSettings"/>), and nothing else: its
/// tables whose first column is headed "setting" name each setting in full, in code spans.
/// </summary>
public class configuration_page_lists_exactly_the_settings_the_code_reads
{
    private const string Page = "docs/configuration.md";

    private static Dictionary<string, int> Documented()
    {
        var documented = new Dictionary<string, int>(SettingName.Comparer);
        foreach (var (names, line) in MarkdownPage.Read(Page).TableRows("setting"))
        {
            foreach (var name in names)
                documented.TryAdd(SettingName.Normalize(name), line);
        }

        return documented;
    }

    [Fact]
    public void Every_setting_the_code_reads_is_documented()
    {
        var documented = Documented();
        var missing = CodeSettings.All().Where(setting => !documented.ContainsKey(setting.Key)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, [
            $"{Page} does not document these settings. Add each as a row of a table whose first column is headed 'setting', "
            + "named in full in a code span (e.g. `ChangeFeed:Routes:<name>:Topic`, `Host:PollInterval`, `COSMOS__accountEndpoint`), "
            + "with its default and what it means:",
            .. missing.Select(setting => $"  `{setting.Key}`  (read by: {setting.Value})")]));
    }

    [Fact]
    public void Every_documented_setting_is_one_the_code_reads()
    {
        var code = CodeSettings.All();
        var unknown = Documented().Where(setting => !code.ContainsKey(setting.Key)).OrderBy(s => s.Value).ToList();
        Assert.True(unknown.Count == 0, string.Join(Environment.NewLine, [
            $"{Page} documents settings that nothing reads (no options property, *Settings constant, trigger setting, "
            + "Bicep app setting or value of local.settings.sample.json has that name). Fix the name, or remove the row:",
            .. unknown.Select(setting => $"  {Page}:{setting.Value}: `{setting.Key}`")]));
    }

    [Fact]
    public void The_settings_found_in_code_cover_every_kind_of_source()
    {
        var code = CodeSettings.All();
        Assert.Contains("ChangeFeed:Account", code.Keys);
        Assert.Contains("ChangeFeed:Routes:<name>:PartitionKeyPath", code.Keys);
        Assert.Contains("Host:MaxItemsPerBatch", code.Keys);
        Assert.Contains("Subscriber:InboxTimeToLive", code.Keys);
        Assert.Contains("COSMOS_PARKED_TTL", code.Keys);
        Assert.Contains("ORDERS_CONTAINER", code.Keys);
        Assert.Contains("COSMOS:accountEndpoint", code.Keys);
        Assert.Contains("FUNCTIONS_WORKER_RUNTIME", code.Keys);
        Assert.DoesNotContain(code.Keys, key => key.Contains("UnknownSettings", StringComparison.Ordinal) || key.Contains("Parsed", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_compare_as_configuration_keys()
    {
        Assert.Equal("ChangeFeed:Routes:<name>:Topic", SettingName.Normalize("ChangeFeed__Routes__orders__Topic"));
        Assert.Equal("COSMOS:accountEndpoint", SettingName.Normalize("COSMOS__accountEndpoint"));
        Assert.True(SettingName.Comparer.Equals(SettingName.Normalize("host__pollinterval"), SettingName.Normalize("Host:PollInterval")));
    }

    [Fact]
    public void Only_the_first_column_of_setting_tables_counts()
    {
        var page = MarkdownPage.Parse("x.md", """
            | setting | default | meaning |
            |---|---|---|
            | `Host:Mode` | `LatestVersion` | or `AllVersionsAndDeletes` |
            | `COSMOS` / `COSMOS__accountEndpoint` | none | either |

            | variable | meaning |
            |---|---|
            | `CHANGEFEED_E2E_TOPIC` | not a setting table |
            """);
        var rows = page.TableRows("setting").ToList();
        Assert.Equal([["Host:Mode"], ["COSMOS", "COSMOS__accountEndpoint"]], rows.Select(r => r.Names.ToArray()));
        Assert.Equal(3, rows[0].Line);
    }
}
