using System.Text;
using System.Text.Json;

namespace ChangeFeed.Infra.Tests.Bicep;

/// <summary>One diagnostic from `--diagnostics-format sarif`.</summary>
public sealed record SarifDiagnostic(string RuleId, string Message, string File, int Line)
{
    public override string ToString() => $"{File}({Line}): {RuleId}: {Message}";

    /// <summary>
    /// Reads every result of a SARIF stream. With --pattern bicep writes one SARIF document per file,
    /// one after another, so the stream is read as a sequence of JSON values.
    /// </summary>
    public static IReadOnlyList<SarifDiagnostic> Parse(string sarif)
    {
        var diagnostics = new List<SarifDiagnostic>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(sarif), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using (var document = JsonDocument.ParseValue(ref reader))
            {
                foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
                {
                    foreach (var result in run.GetProperty("results").EnumerateArray())
                    {
                        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                        diagnostics.Add(new SarifDiagnostic(
                            result.GetProperty("ruleId").GetString() ?? "?",
                            result.GetProperty("message").GetProperty("text").GetString() ?? "",
                            location.GetProperty("artifactLocation").GetProperty("uri").GetString() ?? "?",
                            location.GetProperty("region").GetProperty("startLine").GetInt32()));
                    }
                }
            }
        }

        return diagnostics;
    }
}
