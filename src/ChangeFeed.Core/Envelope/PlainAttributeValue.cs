namespace ChangeFeed.Envelope;

/// <summary>
/// A CloudEvents string attribute value that cannot be refused: non-empty printable ASCII (U+0020 to U+007E). The
/// specification refuses only control characters, unpaired surrogates and noncharacters, and <c>id</c>, <c>source</c>
/// and <c>type</c> must not be empty; so for such a value the SDK's check, character by character, is skipped
/// (<c>plain_attribute_values_are_never_refused</c> proves it against the SDK). Any other value is checked by the SDK.
/// </summary>
internal static class PlainAttributeValue
{
    public static bool Is(string value) => value.Length > 0 && !value.AsSpan().ContainsAnyExceptInRange(' ', '~');
}
