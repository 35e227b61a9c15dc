import X509

/// Subject and issuer of a server certificate, formatted like recog's x509 subjects:
/// `CN=...,OU=...,O=...,L=...,ST=...,C=...`, most specific first. The certificate is not verified.
///
/// A certificate is whatever the device chose to send, so names are bounded and made safe to print:
/// control and bidirectional-override characters are written as `\xNN` / `\u{NNNN}`, and a name
/// longer than `limit` characters is cut and marked.
public struct CertificateNames: Sendable, Hashable {
    /// Longest subject or issuer kept, in characters.
    public static let limit = 1024

    public var subject: String
    public var issuer: String

    /// Parses a DER certificate; nil when it is not one.
    public init?(der: [UInt8]) {
        guard let certificate = try? Certificate(derEncoded: der) else { return nil }
        // DistinguishedName's description is RFC 4514 order (reversed RDN sequence), without spaces.
        subject = Self.printable(String(describing: certificate.subject))
        issuer = Self.printable(String(describing: certificate.issuer))
    }

    static func printable(_ name: String) -> String {
        var text = ""
        var count = 0
        for scalar in name.unicodeScalars {
            guard count < limit else {
                text += "...(cut)"
                break
            }
            switch scalar.value {
            case 0x00..<0x20, 0x7f..<0xa0:
                let hex = String(scalar.value, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            case 0x202a...0x202e, 0x2066...0x2069, 0x200e, 0x200f:
                text += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                text.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return text
    }
}
