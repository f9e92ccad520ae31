using System.Text;
using System.Text.Json;
using ChangeFeed.StandIns.ServiceBus;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An event as the relay put it on the topic (the stand-in's record), in either content mode: the change it carries
/// (<c>originalid</c>, else <c>id</c>), its entity (<c>source</c> and <c>subject</c>), <c>lsn</c>, and its data as
/// the exact JSON text sent (or its <c>dataref</c>, for a claim check).
/// </summary>
internal sealed record PublishedEvent(string Id, string Change, string Entity, string? Lsn, string? DataText, string? DataRef, bool Structured, string? SessionId)
{
    public static PublishedEvent From(StandInMessage message)
    {
        if (message.ContentType?.StartsWith("application/cloudevents+json", StringComparison.Ordinal) == true)
        {
            using var envelope = JsonDocument.Parse(message.Body, DocumentLimits.DocumentOptions);
            var root = envelope.RootElement;
            string? Attribute(string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;
            return new PublishedEvent(
                Attribute("id")!, Attribute("originalid") ?? Attribute("id")!, $"{Attribute("source")} {Attribute("subject")}", Attribute("lsn"),
                root.TryGetProperty("data", out var data) ? data.GetRawText() : null, Attribute("dataref"), Structured: true, message.SessionId);
        }

        string? Property(string name) => message.ApplicationProperties.GetValueOrDefault("cloudEvents_" + name) as string;
        return new PublishedEvent(
            Property("id")!, Property("originalid") ?? Property("id")!, $"{Property("source")} {Property("subject")}", Property("lsn"),
            message.Body.IsEmpty ? null : Encoding.UTF8.GetString(message.Body.Span), Property("dataref"), Structured: false, message.SessionId);
    }
}
