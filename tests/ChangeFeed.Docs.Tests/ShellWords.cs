using System.Text;

namespace ChangeFeed.Docs.Tests;

/// <summary>
/// Splits the text of a shell code block into commands of words, the way a POSIX shell reads them as far as paths are
/// concerned: quotes, backslash line continuations, comments, and the operators <c>&amp;&amp; || ; | &gt; &gt;&gt;</c>.
/// Variables are not expanded (a word with <c>$</c> is left alone by the checks).
/// </summary>
internal static class ShellWords
{
    /// <summary>A command: its words, the file it writes with &gt; (if any), and its line within the block (0-based).</summary>
    public sealed record Command(IReadOnlyList<string> Words, string? Redirect, int Line);

    public static IEnumerable<Command> Commands(string script)
    {
        var lines = script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var logical = new StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (logical.Length == 0)
                start = i;
            var line = lines[i];
            if (line.EndsWith('\\'))
            {
                logical.Append(line[..^1]).Append(' ');
                continue;
            }

            logical.Append(line);
            foreach (var command in Split(logical.ToString(), start))
                yield return command;
            logical.Clear();
        }
    }

    private static IEnumerable<Command> Split(string line, int lineIndex)
    {
        var words = new List<string>();
        string? redirect = null;
        var expectRedirect = false;
        foreach (var (token, quoted) in Tokens(line))
        {
            if (!quoted && token is "&&" or "||" or ";" or "|" or "&")
            {
                if (words.Count > 0)
                    yield return new Command(words, redirect, lineIndex);
                words = [];
                redirect = null;
                continue;
            }

            if (!quoted && token is ">" or ">>")
            {
                expectRedirect = true;
                continue;
            }

            if (expectRedirect)
            {
                redirect = token;
                expectRedirect = false;
                continue;
            }

            words.Add(token);
        }

        if (words.Count > 0)
            yield return new Command(words, redirect, lineIndex);
    }

    private static IEnumerable<(string Token, bool Quoted)> Tokens(string line)
    {
        var word = new StringBuilder();
        var quoted = false;
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '\'' or '"')
            {
                var end = line.IndexOf(c, i + 1);
                end = end < 0 ? line.Length : end;
                word.Append(line, i + 1, end - i - 1);
                i = end;
                quoted = inWord = true;
                continue;
            }

            if (char.IsWhiteSpace(c) || c is ';' or '|' or '&' or '>')
            {
                // 2> names a descriptor, not a word.
                if (c == '>' && inWord && !quoted && word.ToString().All(char.IsAsciiDigit))
                    inWord = false;
                if (inWord)
                    yield return (word.ToString(), quoted);
                word.Clear();
                quoted = inWord = false;
                if (c is ';' or '|' or '&' or '>')
                {
                    var op = i + 1 < line.Length && line[i + 1] == c && c != ';' ? new string(c, 2) : c.ToString();
                    i += op.Length - 1;
                    // 2>&1 and the like: a redirection of a descriptor, not a file.
                    if (op == ">" && i + 1 < line.Length && line[i + 1] == '&')
                    {
                        while (i + 1 < line.Length && !char.IsWhiteSpace(line[i + 1]))
                            i++;
                        continue;
                    }

                    yield return (op, false);
                }

                continue;
            }

            if (c == '#' && !inWord)
                yield break; // a comment runs to the end of the line

            word.Append(c);
            inWord = true;
        }

        if (inWord)
            yield return (word.ToString(), quoted);
    }
}
