namespace ChangeFeed.Demo;

/// <summary>One event as it arrived on a topic: what the live view shows of it.</summary>
internal sealed record ArrivedEvent(string Route, string Type, string Session, string Id, string DataExcerpt);
