using System.Globalization;
using CloudNative.CloudEvents;

namespace ChangeFeed.Envelope;

/// <summary>
/// The CloudEvents <c>time</c> attribute as text, what <see cref="CloudEventAttributeType.Timestamp"/> formats. A change's
/// time is its <c>_ts</c>, whole seconds in UTC, which the SDK writes as <c>yyyy-MM-ddTHH:mm:ssZ</c>: that is written
/// with the runtime's fast sortable format (<c>the_time_is_written_as_the_sdk_writes_it</c> compares every second the
/// type can hold); any other time is left to the SDK.
/// </summary>
internal static class EventTime
{
    public static string Format(DateTimeOffset time)
    {
        if (time.Offset != TimeSpan.Zero || time.Ticks % TimeSpan.TicksPerSecond != 0)
            return CloudEventAttributeType.Timestamp.Format(time);

        return string.Create(20, time.UtcDateTime, static (text, utc) =>
        {
            utc.TryFormat(text, out _, "s", CultureInfo.InvariantCulture);
            text[19] = 'Z';
        });
    }
}
