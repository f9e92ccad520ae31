namespace ChangeFeed.CommandLine;

/// <summary>
/// A service a program connects to, as its one-line problems name it: what it is, the setting that addresses it, and
/// where the client goes (host, port, protocol). Local endpoints are the emulators', whose advice is to start them.
/// </summary>
public sealed record ServiceEndpoint(string Service, string Setting, string Host, int Port, string Protocol)
{
    /// <summary>How the emulators are started (infra/local/docker-compose.yml; docs/local-development.md).</summary>
    public const string StartEmulators = "docker compose -f infra/local/docker-compose.yml up -d";

    public bool IsLocal =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || Host is "127.0.0.1" or "::1" or "[::1]" or "host.docker.internal";

    /// <summary>Where it was tried, e.g. <c>localhost:8081 (HTTPS)</c>.</summary>
    public string Where => $"{Host}:{Port} ({Protocol})";

    /// <summary>What to do when it cannot be reached: start the emulators locally; in Azure, the address, the network and the firewall.</summary>
    public string Advice => IsLocal
        ? $"Start the emulators ({StartEmulators}; docs/local-development.md), or correct {Setting}."
        : $"Check {Setting} (the address) and the network: with VNET_ENABLED=true run from inside the virtual network, and the service's firewall must allow this address.";
}
