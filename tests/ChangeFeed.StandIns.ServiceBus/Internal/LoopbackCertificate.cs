using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// A self-signed certificate for the stand-in's TLS listener, made when it starts and never stored: valid for its
/// loopback address for a day, so a client that verifies the server (uamqp does) trusts exactly it.
/// </summary>
internal static class LoopbackCertificate
{
    public static X509Certificate2 For(IPAddress address)
    {
        // ECDSA P-256: made in microseconds where an RSA key takes a noticeable part of a test.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={address}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(address);
        // uamqp checks the host name it was given (X509_VERIFY_PARAM_set1_host), which matches DNS names only.
        names.AddDnsName(address.ToString());
        request.CertificateExtensions.Add(names.Build());
        // Its own issuer, as `openssl req -x509` makes it: a client given it as its CA file can build the chain.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
