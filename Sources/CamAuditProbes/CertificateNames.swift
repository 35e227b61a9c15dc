import X509

/// Subject and issuer of a server certificate, formatted like recog's x509 subjects:
/// `CN=...,OU=...,O=...,L=...,ST=...,C=...`, most specific first. The certificate is not verified.
public struct CertificateNames: Sendable, Hashable {
    public var subject: String
    public var issuer: String

    /// Parses a DER certificate; nil when it is not one.
    public init?(der: [UInt8]) {
        guard let certificate = try? Certificate(derEncoded: der) else { return nil }
        // DistinguishedName's description is RFC 4514 order (reversed RDN sequence), without spaces.
        subject = String(describing: certificate.subject)
        issuer = String(describing: certificate.issuer)
    }
}
