using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ChangeFeed.Docs.Tests;

/// <summary>One Markdown page, parsed as CommonMark with GitHub's pipe tables: its links, headings, code blocks and tables.</summary>
internal sealed class MarkdownPage
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UsePreciseSourceLocation().Build();

    private readonly MarkdownDocument document;

    private MarkdownPage(string path, MarkdownDocument document)
    {
        Path = path;
        this.document = document;
        Anchors = HeadingAnchors.Of(document.Descendants<HeadingBlock>().Select(heading => PlainText(heading.Inline)));
    }

    /// <summary>The page's path from the repository root, with '/' separators (a made-up one for text parsed in tests).</summary>
    public string Path { get; }

    /// <summary>The anchors GitHub gives the page's headings, in order.</summary>
    public IReadOnlyList<string> Anchors { get; }

    public static MarkdownPage Read(string path) => Parse(path, Repo.Read(path));

    public static MarkdownPage Parse(string path, string markdown) => new(path, Markdown.Parse(markdown, Pipeline));

    /// <summary>Every link and image target written in the page (inline and reference definitions), with its line (1-based).</summary>
    public IEnumerable<(string Url, int Line)> Links() =>
        document.Descendants<LinkInline>().Where(link => link.Url is not null).Select(link => (link.Url!, link.Line + 1))
            .Concat(document.Descendants<LinkReferenceDefinition>().Where(definition => definition.Url is not null)
                .Select(definition => (definition.Url!, definition.Line + 1)));

    /// <summary>Fenced code blocks: the info string's first word (the language), the text, and the line of the fence.</summary>
    public IEnumerable<(string Language, string Text, int Line)> CodeBlocks() =>
        document.Descendants<FencedCodeBlock>().Select(block =>
            ((block.Info ?? string.Empty).Split(' ', 2)[0], block.Lines.ToString(), block.Line + 1));

    /// <summary>
    /// The rows of every table whose first header cell reads <paramref name="firstHeader"/>: the inline code spans of each
    /// row's first cell, and the row's line.
    /// </summary>
    public IEnumerable<(IReadOnlyList<string> Names, int Line)> TableRows(string firstHeader) =>
        document.Descendants<Table>()
            .Where(table => table.FirstOrDefault() is TableRow { IsHeader: true } header
                && string.Equals(CellText(header).Trim(), firstHeader, StringComparison.OrdinalIgnoreCase))
            .SelectMany(table => table.OfType<TableRow>().Where(row => !row.IsHeader))
            .Select(row => ((IReadOnlyList<string>)FirstCell(row).Descendants<CodeInline>().Select(code => code.Content).ToList(), row.Line + 1));

    private static ContainerBlock FirstCell(TableRow row) => (ContainerBlock)row[0];

    private static string CellText(TableRow row) =>
        string.Concat(FirstCell(row).OfType<LeafBlock>().Select(block => PlainText(block.Inline)));

    /// <summary>What a reader sees of inline content: text, code spans' content, link texts; no markup.</summary>
    private static string PlainText(ContainerInline? inlines)
    {
        var text = new StringBuilder();
        Append(inlines, text);
        return text.ToString();
    }

    private static void Append(Inline? inline, StringBuilder text)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline:
                text.Append(' ');
                break;
            case ContainerInline container:
                foreach (var child in container)
                    Append(child, text);
                break;
        }
    }
}
