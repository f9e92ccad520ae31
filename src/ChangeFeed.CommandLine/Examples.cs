namespace ChangeFeed.CommandLine;

/// <summary>The Examples section a command's help ends with: what to type for the usual cases.</summary>
public static class Examples
{
    public static string Text(params string[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return $"{Environment.NewLine}{Environment.NewLine}Examples:{string.Concat(lines.Select(line => $"{Environment.NewLine}  {line}"))}";
    }
}
