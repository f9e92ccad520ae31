using System.CommandLine.Parsing;
using System.Globalization;

namespace ChangeFeed.CommandLine;

/// <summary>
/// Parsers for numeric options that answer a value that is not a number, out of range or missing with a parse error
/// naming the option, the range and an example (exit code 2), instead of the exception the default conversion throws
/// when a validator reads the value.
/// </summary>
public static class OptionValues
{
    public static int WholeNumber(ArgumentResult result, int minimum, int maximum, string example)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = Token(result);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
            return value;
        result.AddError($"{Name(result)} '{text}' is not a whole number from {minimum} to {maximum}: e.g. {Name(result)} {example}.");
        return default;
    }

    public static double? PositiveNumber(ArgumentResult result, string example)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = Token(result);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
            return value;
        result.AddError($"{Name(result)} '{text}' is not a positive number: e.g. {Name(result)} {example}.");
        return null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : "";

    private static string Name(ArgumentResult result) => (result.Parent as OptionResult)?.Option.Name ?? "the value";
}
