using System.Text.RegularExpressions;

namespace ChangeFeed.Configuration;

/// <summary>What Service Bus accepts as a topic name: checked wherever a setting names a topic.</summary>
internal static partial class TopicNames
{
    public const string Rule = "up to 260 letters, digits, '.', '-', '_' or '/', starting and ending with a letter or digit";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9._/-]{0,258}[A-Za-z0-9])?$")]
    private static partial Regex Pattern();
}
