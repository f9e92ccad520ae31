using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using ChangeFeed;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.ServiceBus;
using Xunit.Abstractions;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// samples/java, which docs/events.md includes: everything but its Service Bus and Blob Storage wiring (the Azure SDK
/// for Java cannot be installed here) is compiled with the JDK and Debian's Jackson and fed the messages the relay's
/// own encoder makes, in both modes, through the sample's <c>Settlement</c>: each change applied once (backfilled
/// copies recognised by <c>originalid</c>), the newest state by <c>lsn</c> as an integer, every digit and 128 levels
/// kept, claim checks read only from the expected account, and what cannot be handled dead-lettered with a reason.
/// </summary>
public sealed class the_java_sample_follows_the_consumer_rules(ITestOutputHelper output)
{
    private const string Account = "http://127.0.0.1:10000/devstoreaccount1";
    private const string Source = "/cosmos/contoso/shop/orders";
    private static readonly string[] JacksonJars = ["jackson-databind.jar", "jackson-core.jar", "jackson-annotations.jar"];

    [Fact]
    public async Task each_change_once_newest_state_every_digit_and_reasons_for_the_rest()
    {
        if (JavaTools() is not { } java)
        {
            output.WriteLine("Java sample: NOT RUN (needs javac on PATH and Debian's Jackson in /usr/share/java, or CHANGEFEED_JACKSON_CLASSPATH; .ci/run installs libjackson2-databind-java).");
            return;
        }

        var deep = new StringBuilder().Insert(0, "{\"level\":", 127).Append("{\"level\":0}").Append('}', 127).ToString();
        var sent = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new List<string>
        {
            Blob("claims/k3-a.json", """{"id":"k3","blob":"large"}"""),
            Blob("claims/k3-b.json", """{"id":"k3","blob":"larger","amount":100.0}"""),
        };

        void Send(IntegrationEvent e, string? dataText = null)
        {
            sent[e.Id] = dataText ?? Encoding.UTF8.GetString(e.Data.Span);
            lines.Add(Line(new EnvelopeEncoder().Encode(e)));
        }

        Send(Event("k1-a", "k1", 9, """{"id":"k1","status":"placed","total":12345678901234567890,"ratio":0.10000000000000000555,"price":1.50}"""));
        Send(Event("k1-b", "k1", 10, """{"id":"k1","status":"paid"}""")); // "9" > "10" as text
        Send(Event("bf-1", "k1", 9, """{"id":"k1","status":"placed"}""") with { OriginalId = "k1-a", BackfillSubscription = "java" });
        Send(Event("bf-2", "k1", 8, """{"id":"k1","status":"older"}""") with { OriginalId = "k1-old", BackfillSubscription = "java" });
        Send(Event("k2-a", "k2", 3, $$"""{"id":"k2","payload":{{deep}}}""", ContentMode.Structured));
        Send(Event("bf-3", "k2", 3, $$"""{"id":"k2","payload":{{deep}}}""", ContentMode.Structured) with { OriginalId = "k2-a", BackfillSubscription = "java" });
        Send(Event("k3-a", "k3", 4, "") with { DataRef = new Uri($"{Account}/claims/k3-a.json") }, """{"id":"k3","blob":"large"}""");
        Send(Event("k3-b", "k3", 5, "", ContentMode.Structured) with { DataRef = new Uri($"{Account}/claims/k3-b.json") }, """{"id":"k3","blob":"larger","amount":100.0}""");
        Send(Event("k4-a", "k4", 0, """{"orderId":"k4","lines":[{"sku":"a","quantity":1e2}]}""")); // no lsn: an outbox event

        lines.Add(Line(Hostile("hostile-1", "not json", "application/json", lsn: "1")));
        lines.Add(Line(Hostile("hostile-2", $$"""{"specversion":"1.0","id":"hostile-2","source":"/x","type":"t","dataref":"https://elsewhere.example.net/claims/b"}""", EnvelopeEncoder.StructuredContentType)));
        lines.Add(Line(Hostile("hostile-3", $$"""{"specversion":"1.0","id":"hostile-3","source":"/x","type":"t","dataref":"{{Account}}/claims/gone.json"}""", EnvelopeEncoder.StructuredContentType)));
        lines.Add(Line(Hostile("hostile-4", "{}", "application/json", lsn: "1e3")));
        lines.Add(Line(Hostile("hostile-5", $$"""{"specversion":"1.0","id":"hostile-5","source":"/x","type":"t","dataref":"{{Account}}/claims/../../elsewhere/b"}""", EnvelopeEncoder.StructuredContentType)));

        var report = (await RunAsync(java, string.Join('\n', lines) + "\n")).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        var settled = report.Where(f => f.TryGetProperty("settled", out _)).ToDictionary(f => f.GetProperty("settled").GetString()!, f => (f.GetProperty("as").GetString(), f.GetProperty("reason").GetString()));
        Assert.Equal(
            new Dictionary<string, (string?, string?)>
            {
                ["k1-a"] = ("completed", null), ["k1-b"] = ("completed", null), ["bf-1"] = ("completed", null), ["bf-2"] = ("completed", null),
                ["k2-a"] = ("completed", null), ["bf-3"] = ("completed", null), ["k3-a"] = ("completed", null), ["k3-b"] = ("completed", null),
                ["k4-a"] = ("completed", null),
                ["hostile-1"] = ("deadLettered", "InvalidEvent"), ["hostile-2"] = ("deadLettered", "ClaimCheckRefused"),
                ["hostile-3"] = ("deadLettered", "ClaimCheckExpired"), ["hostile-4"] = ("deadLettered", "InvalidEvent"),
                ["hostile-5"] = ("deadLettered", "ClaimCheckRefused"),
            },
            settled);

        var applied = report.Where(f => f.TryGetProperty("applied", out _)).ToList();
        Assert.Equal(["k1-a", "k1-b", "k1-old", "k2-a", "k3-a", "k3-b", "k4-a"], applied.Select(a => a.GetProperty("applied").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(["k1-a", "k2-a"], report.Where(f => f.TryGetProperty("duplicate", out _)).Select(f => f.GetProperty("duplicate").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(["k1-old"], applied.Where(a => !a.GetProperty("kept").GetBoolean()).Select(a => a.GetProperty("applied").GetString()));

        // Every digit and every level: what the handler got is what the relay sent, as Jackson writes it back (values
        // equal, 1e2 written 1E+2), the digits and the scale of each number kept.
        foreach (var a in applied)
            Assert.True(SameJson(sent[a.GetProperty("id").GetString()!], a.GetProperty("data").GetString()!), $"{a}: other data than the relay sent");
        var k1 = applied.Single(a => a.GetProperty("id").GetString() == "k1-a").GetProperty("data").GetString()!;
        Assert.Contains("\"total\":12345678901234567890,\"ratio\":0.10000000000000000555,\"price\":1.50", k1, StringComparison.Ordinal);
        Assert.Contains("\"amount\":100.0", applied.Single(a => a.GetProperty("id").GetString() == "k3-b").GetProperty("data").GetString()!, StringComparison.Ordinal);

        var states = report.Where(f => f.TryGetProperty("state", out _)).ToDictionary(f => f.GetProperty("state").GetString()!, f => f);
        Assert.Equal("10", states[$"{Source} k1"].GetProperty("lsn").GetString());
        Assert.True(SameJson(sent["k1-b"], states[$"{Source} k1"].GetProperty("data").GetString()!), "k1's newest state is the lsn 10 one");
        Assert.True(SameJson(sent["k3-b"], states[$"{Source} k3"].GetProperty("data").GetString()!), "k3's newest state is the claim-checked lsn 5 one");
        Assert.Equal(JsonValueKind.Null, states[$"{Source} k4"].GetProperty("lsn").ValueKind);
    }

    /// <summary>Equal JSON, numbers compared by value (JsonElement.DeepEquals), read 128 levels deep.</summary>
    private static bool SameJson(string expected, string actual)
    {
        var options = new JsonDocumentOptions { MaxDepth = DocumentLimits.DocumentOptions.MaxDepth };
        using var left = JsonDocument.Parse(expected, options);
        using var right = JsonDocument.Parse(actual, options);
        return JsonElement.DeepEquals(left.RootElement, right.RootElement);
    }

    private static IntegrationEvent Event(string id, string key, long lsn, string data, ContentMode mode = ContentMode.Binary) =>
        new(id, Source, "com.contoso.orders.order.upserted", key, DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes(data), key, "orders-cdc", mode) { Lsn = lsn };

    private static ServiceBusMessage Hostile(string id, string body, string contentType, string? lsn = null)
    {
        var message = new ServiceBusMessage(body) { MessageId = id, SessionId = "hostile", ContentType = contentType };
        if (contentType != EnvelopeEncoder.StructuredContentType)
        {
            foreach (var (name, value) in new[] { ("specversion", "1.0"), ("id", id), ("source", "/x"), ("type", "t"), ("lsn", lsn) })
            {
                if (value is not null)
                    message.ApplicationProperties[EnvelopeEncoder.Prefix + name] = value;
            }
        }

        return message;
    }

    private static string Blob(string path, string text) => JsonSerializer.Serialize(new { blob = path, text });

    private static string Line(ServiceBusMessage message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("messageId", message.MessageId);
            writer.WriteString("sessionId", message.SessionId);
            writer.WriteString("contentType", message.ContentType);
            writer.WriteBase64String("body", message.Body.ToMemory().Span);
            writer.WriteNumber("deliveryCount", 1);
            writer.WriteStartObject("properties");
            foreach (var (name, value) in message.ApplicationProperties)
                writer.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed record Java(string Javac, string JavaRuntime, string Classpath);

    private static Java? JavaTools()
    {
        var classpath = Environment.GetEnvironmentVariable("CHANGEFEED_JACKSON_CLASSPATH")
            ?? (JacksonJars.All(j => File.Exists(Path.Combine("/usr/share/java", j))) ? string.Join(Path.PathSeparator, JacksonJars.Select(j => Path.Combine("/usr/share/java", j))) : null);
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        string? Find(string tool) => path.Select(p => Path.Combine(p, tool)).FirstOrDefault(File.Exists);
        return classpath is not null && Find("javac") is { } javac && Find("java") is { } runtime ? new Java(javac, runtime, classpath) : null;
    }

    private async Task<List<string>> RunAsync(Java java, string input)
    {
        var classes = Directory.CreateTempSubdirectory("changefeed-java-sample-").FullName;
        try
        {
            var sample = Repo.Path("samples/java/src/main/java/com/contoso/changefeed/consumer");
            // The sample's classes that need no Azure SDK, and the test's driver in place of the session processor.
            var sources = Directory.GetFiles(sample, "*.java").Where(f => !File.ReadAllText(f).Contains("import com.azure.", StringComparison.Ordinal))
                .Append(Repo.Path("tests/ChangeFeed.Docs.Tests/java/ReplayMessages.java")).ToList();
            Assert.True(sources.Count >= 10, "the sample's core classes are found");
            var (compiled, compileOutput) = await RunProcessAsync(java.Javac, ["-Xlint:all,-deprecation", "-Werror", "-d", classes, "-cp", java.Classpath, .. sources], null);
            Assert.True(compiled == 0, $"javac: {compileOutput}");
            var (exit, stdout) = await RunProcessAsync(java.JavaRuntime, ["-cp", classes + Path.PathSeparator + java.Classpath, "ReplayMessages", Account], input);
            output.WriteLine(stdout);
            Assert.Equal(0, exit);
            return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{'))];
        }
        finally
        {
            Directory.Delete(classes, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> RunProcessAsync(string file, IEnumerable<string> arguments, string? input)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
            await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
