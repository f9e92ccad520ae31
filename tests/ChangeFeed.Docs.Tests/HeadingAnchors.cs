using System.Globalization;
using System.Text;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// The anchors GitHub gives headings (github-slugger): the heading's text in lower case, without punctuation and
/// symbols except '-' and '_', each space a '-'; a repeated anchor gets '-1', '-2', ... in page order.
/// </summary>
internal static class HeadingAnchors
{
    public static IReadOnlyList<string> Of(IEnumerable<string> headings)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var anchors = new List<string>();
        foreach (var heading in headings)
        {
            var anchor = Slug(heading);
            var unique = anchor;
            if (seen.TryGetValue(anchor, out var count))
            {
                do
                {
                    count++;
                    unique = $"{anchor}-{count}";
                }
                while (seen.ContainsKey(unique));
                seen[anchor] = count;
            }

            seen.TryAdd(unique, 0);
            anchors.Add(unique);
        }

        return anchors;
    }

    public static string Slug(string heading)
    {
        var slug = new StringBuilder(heading.Length);
        foreach (var character in heading.ToLowerInvariant())
        {
            if (character == ' ')
            {
                slug.Append('-');
            }
            else if (character is '-' or '_' || char.IsLetterOrDigit(character)
                || CharUnicodeInfo.GetUnicodeCategory(character) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                slug.Append(character);
            }
        }

        return slug.ToString();
    }
}
