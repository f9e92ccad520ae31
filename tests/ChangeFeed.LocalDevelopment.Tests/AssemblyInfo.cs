using System.Runtime.Versioning;

// The postprovision hook test runs sh with a stand-in azd (an executable file on PATH).
[assembly: SupportedOSPlatform("linux")]
