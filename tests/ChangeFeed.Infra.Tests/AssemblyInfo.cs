using System.Runtime.Versioning;

// The Bicep CLI these tests run comes from Azure.Bicep.CommandLine.linux-x64, and the hook tests run sh.
[assembly: SupportedOSPlatform("linux")]
