namespace ChangeFeed.Contract;

/// <summary>
/// What the Bicep (infra/modules/servicebus.bicep, infra/main.bicep) gives every topic and its sample subscription,
/// as the contract states it: the broker's side of the promises (duplicate detection, sessions, sizes). The committed
/// contract is held to the templates value for value (Infra tests, <c>The_event_contract_states_what_the_templates_deploy</c>).
/// </summary>
public static class ServiceBusLayout
{
    /// <summary>The session-enabled subscription the Bicep creates on every topic.</summary>
    public const string SampleSubscription = "sample-subscriber";

    /// <summary>The Bicep's default duplicate detection window (ISO 8601).</summary>
    public const string DuplicateDetectionWindow = "P1D";

    /// <summary>The Bicep's default message time to live (ISO 8601).</summary>
    public const string MessageTimeToLive = "P14D";

    /// <summary>The largest message on a Standard namespace, in KB (fixed by the service).</summary>
    public const int StandardMaxMessageSizeInKilobytes = 256;

    /// <summary>The Bicep's default largest message on a Premium namespace, in KB (up to 102400 with large message support).</summary>
    public const int PremiumMaxMessageSizeInKilobytes = 1024;

    /// <summary>The sample subscription's deliveries before a message is dead-lettered.</summary>
    public const int MaxDeliveryCount = 10;

    /// <summary>The sample subscription's lock duration (ISO 8601).</summary>
    public const string LockDuration = "PT1M";
}
