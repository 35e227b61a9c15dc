import Crypto
import Foundation

/// The keys protecting a client's Initial packets, derived from the Destination Connection ID of
/// its first Initial with public constants (RFC 9001 §5.2; version 2: RFC 9369 §3.3), so anyone on
/// the path can read the ClientHello, by design.
struct QUICInitialKeys {
    let key: SymmetricKey
    let iv: [UInt8]
    let headerProtection: SymmetricKey

    /// RFC 9001 §5.2 initial_salt for version 1.
    static let saltVersion1: [UInt8] = [
        0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17, 0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a,
    ]
    /// RFC 9369 §3.3.1 initial_salt for version 2.
    static let saltVersion2: [UInt8] = [
        0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93, 0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9,
    ]

    init(version: QUICVersion, destinationConnectionID: [UInt8]) {
        let salt = version == .version1 ? Self.saltVersion1 : Self.saltVersion2
        let initialSecret = HKDF<SHA256>.extract(inputKeyMaterial: SymmetricKey(data: destinationConnectionID), salt: salt)
        let clientSecret = Self.expandLabel(initialSecret, "client in", length: 32)
        // RFC 9369 §3.3.2: version 2 renames the labels "quicv2 key", "quicv2 iv", "quicv2 hp".
        let prefix = version == .version1 ? "quic " : "quicv2 "
        key = Self.expandLabel(clientSecret, prefix + "key", length: 16)
        iv = Self.expandLabel(clientSecret, prefix + "iv", length: 12).withUnsafeBytes { Array($0) }
        headerProtection = Self.expandLabel(clientSecret, prefix + "hp", length: 16)
    }

    /// HKDF-Expand-Label with an empty context (RFC 8446 §7.1): length(2), "tls13 " + label, context.
    static func expandLabel(_ secret: some ContiguousBytes, _ label: String, length: Int) -> SymmetricKey {
        let fullLabel = Array("tls13 \(label)".utf8)
        let info: [UInt8] = [UInt8(length >> 8), UInt8(length & 0xFF), UInt8(fullLabel.count)] + fullLabel + [0]
        return HKDF<SHA256>.expand(pseudoRandomKey: secret, info: info, outputByteCount: length)
    }
}

/// The QUIC versions whose Initial packets can be read.
enum QUICVersion: Sendable, Hashable {
    /// RFC 9000, wire version 0x00000001.
    case version1
    /// RFC 9369, wire version 0x6b3343cf.
    case version2

    init?(wire: UInt32) {
        switch wire {
        case 0x0000_0001: self = .version1
        case 0x6B33_43CF: self = .version2
        default: return nil
        }
    }

    /// The long-header type bits of an Initial packet (RFC 9000 §17.2; RFC 9369 §3.2 reassigns them).
    var initialPacketType: UInt8 { self == .version1 ? 0b00 : 0b01 }
    /// The type bits of a Retry, which has no Length field.
    var retryPacketType: UInt8 { self == .version1 ? 0b11 : 0b00 }
}
