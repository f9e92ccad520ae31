using ChangeFeed.Envelope;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;
using FsCheck;
using FsCheck.Fluent;

namespace ChangeFeed.Core.Tests;

/// <summary>
/// The router and the structured encoder skip the CloudEvents SDK's check of a string attribute when the value is
/// plain (<see cref="PlainAttributeValue"/>): these prove that the SDK accepts every such value, so the skipped check
/// could not have failed, and that values the SDK refuses are never taken for plain.
/// </summary>
public class plain_attribute_values_are_never_refused
{
    private static readonly CloudEventAttribute[] Attributes =
    [
        CloudEventsSpecVersion.V1_0.IdAttribute, CloudEventsSpecVersion.V1_0.TypeAttribute,
        CloudEventsSpecVersion.V1_0.SubjectAttribute, Partitioning.PartitionKeyAttribute,
        CloudEventConversion.LsnAttribute, CloudEventConversion.OriginalIdAttribute,
    ];

    private static Gen<string> PrintableAscii { get; } =
        Gen.ArrayOf(Gen.Choose(0x20, 0x7E).Select(c => (char)c)).Select(chars => new string(chars));

    // Mostly plain, with one character from anywhere in UTF-16 (controls, surrogates, noncharacters) now and then.
    private static Gen<string> AlmostPlain { get; } =
        from plain in PrintableAscii
        from odd in Gen.Choose(0, 0xFFFF).Select(c => (char)c)
        from at in Gen.Choose(0, plain.Length)
        from mixed in Gen.Elements(false, true)
        select mixed ? plain.Insert(at, odd.ToString()) : plain;

    [Fact]
    public void a_plain_value_passes_the_sdk_check_of_every_string_attribute() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), Prop.ForAll(Arb.From(AlmostPlain), value =>
        {
            if (!PlainAttributeValue.Is(value))
                return;
            foreach (var attribute in Attributes)
                Assert.Same(value, attribute.Validate(value));
        }));

    [Fact]
    public void a_value_the_sdk_refuses_is_not_plain() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000), Prop.ForAll(Arb.From(AlmostPlain), value =>
        {
            foreach (var attribute in Attributes)
            {
                if (Refuses(attribute, value))
                    Assert.False(PlainAttributeValue.Is(value));
            }
        }));

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    [InlineData("del\u007F")]
    [InlineData("c1\u0085")]
    [InlineData("lone \uD800 surrogate")]
    [InlineData("non\uFFFEcharacter")]
    [InlineData("café")]
    public void values_outside_printable_ascii_are_left_to_the_sdk(string value) =>
        Assert.False(PlainAttributeValue.Is(value));

    private static bool Refuses(CloudEventAttribute attribute, string value)
    {
        try
        {
            attribute.Validate(value);
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
