using System.Text;
using System.Text.Json;
using ChangeFeed.Reading;
using ChangeFeed.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChangeFeed.Core.Tests;

/// <summary>
/// <see cref="ParsedChanges"/>: a page's changes are slices of the one parse of the page's bytes, not copies of them;
/// once the page is disposed a change cannot be read by mistake (it says so), while the stand-ins of changes that
/// could not be read are documents of their own and stay readable.
/// </summary>
public sealed class a_page_s_changes_are_slices_of_its_one_parse : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().AddSingleton<ChangeFeedTelemetry>().BuildServiceProvider();

    public void Dispose() => services.Dispose();

    private ChangeReader Reader => new(services.GetRequiredService<ChangeFeedTelemetry>(), NullLogger<ChangeReader>.Instance);

    [Fact]
    public void a_change_is_read_from_the_page_s_own_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"Documents":[{"id":"a","_lsn":1},{"id":"b","_lsn":2}],"_count":2}""");
        using var changes = Reader.ReadPage(bytes, "orders", "0");

        // Overwrite the page's bytes: a change that were a copy would not see it.
        bytes[Encoding.UTF8.GetString(bytes).IndexOf("\"b\"", StringComparison.Ordinal) + 1] = (byte)'z';

        Assert.Equal(["a", "z"], changes.Select(change => change.GetProperty("id").GetString()));
    }

    [Fact]
    public void a_change_of_a_disposed_page_cannot_be_read()
    {
        var changes = Reader.ReadPage("""{"Documents":[{"id":"a","_lsn":1}],"_count":1}"""u8.ToArray(), "orders", "0");
        var change = changes[0];
        Assert.Equal("a", change.GetProperty("id").GetString());

        changes.Dispose();

        Assert.Throws<ObjectDisposedException>(() => change.GetProperty("id"));
    }

    [Fact]
    public void the_stand_in_of_a_change_that_cannot_be_read_outlives_its_batch()
    {
        var changes = Reader.ReadBatch("""[{"id":"a","_lsn":1},{"id":"b","_lsn":2,"x":tru}]"""u8.ToArray(), "orders", null);
        var (readable, unreadable) = (changes[0], changes[1]);

        changes.Dispose();

        // Read one by one, every change is a document of its own: nothing of them is pooled by the batch.
        Assert.Equal("a", readable.GetProperty("id").GetString());
        Assert.True(UnreadableChange.TryRead(unreadable, out var reason, out var id, out _));
        Assert.Equal("b", id);
        Assert.Contains("cannot be read", reason, StringComparison.Ordinal);
    }
}
