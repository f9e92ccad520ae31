namespace ChangeFeed.Configuration;

/// <summary>How a CloudEvent travels in a Service Bus message.</summary>
public enum ContentMode
{
    /// <summary>Body = <c>data</c>; attributes as <c>cloudEvents_*</c> application properties.</summary>
    Binary,

    /// <summary>Body = the whole CloudEvent as JSON (<c>application/cloudevents+json</c>).</summary>
    Structured,
}
