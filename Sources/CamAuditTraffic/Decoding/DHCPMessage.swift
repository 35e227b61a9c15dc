import Foundation
import CamAuditCore

/// The parts of a DHCP (BOOTP) message that say who a client is: its hardware address, the address
/// it asked for or was given, and the host name and vendor class it sent (RFC 2131 §2, RFC 2132).
///
/// Pure and bounded: the fixed header is 236 bytes, options are walked once and never past the
/// datagram, and text options are capped, so a hostile datagram costs at most one pass.
public struct DHCPMessage: Sendable, Hashable {
    /// RFC 2131 `op`: 1 a client's request, 2 a server's reply.
    public var isReply: Bool
    /// `chaddr`, when `htype` is Ethernet and `hlen` is 6.
    public var clientMAC: MACAddress?
    /// `ciaddr`: the client's address when it already has one (renewing).
    public var clientAddress: IPAddress?
    /// `yiaddr`: the address the server gives the client (OFFER, ACK).
    public var yourAddress: IPAddress?
    /// Option 53, e.g. 1 DISCOVER, 3 REQUEST, 5 ACK.
    public var messageType: UInt8?
    /// Option 50: the address a client asks for.
    public var requestedAddress: IPAddress?
    /// Option 12 (RFC 2132 §3.14).
    public var hostName: String?
    /// Option 60 (RFC 2132 §9.13), e.g. `android-dhcp-13`, `MSFT 5.0`, `AXIS,Network Camera,P3343,5.20.3`.
    public var vendorClass: String?

    /// DHCPACK (RFC 2132 §9.6).
    public static let acknowledgement: UInt8 = 5
    /// The longest text option kept.
    static let maximumTextLength = 255
    /// RFC 2131 §3: the options field starts with 99.130.83.99.
    static let magicCookie: [UInt8] = [99, 130, 83, 99]

    /// Reads a DHCP message; nil when it is not one (too short, no magic cookie, an option that overruns).
    public init?(parsing bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 240, bytes[0] == 1 || bytes[0] == 2,
            Array(bytes[236..<240]) == Self.magicCookie
        else { return nil }
        isReply = bytes[0] == 2
        clientMAC = bytes[1] == 1 && bytes[2] == 6 ? MACAddress(Array(bytes[28..<34])) : nil
        clientAddress = Self.address(bytes, at: 12)
        yourAddress = Self.address(bytes, at: 16)
        var offset = 240
        while offset < bytes.count {
            let code = bytes[offset]
            if code == 0 { offset += 1; continue }  // pad
            if code == 255 { break }  // end
            guard offset + 1 < bytes.count else { return nil }
            let length = Int(bytes[offset + 1])
            let start = offset + 2
            guard start + length <= bytes.count else { return nil }
            let value = UnsafeRawBufferPointer(rebasing: bytes[start..<start + length])
            switch code {
            case 12: hostName = Self.text(value)
            case 50 where length == 4: requestedAddress = Self.address(value, at: 0)
            case 53 where length == 1: messageType = value[0]
            case 60: vendorClass = Self.text(value)
            default: break
            }
            offset = start + length
        }
    }

    /// Reads a DHCP message held in an array.
    public init?(parsing bytes: [UInt8]) {
        guard let message = bytes.withUnsafeBytes({ DHCPMessage(parsing: $0) }) else { return nil }
        self = message
    }

    /// The address this message ties to `clientMAC`: the one given (ACK), else the one in use or asked for.
    public var boundAddress: IPAddress? {
        if isReply { return messageType == Self.acknowledgement ? yourAddress : nil }
        return clientAddress ?? requestedAddress
    }

    private static func address(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> IPAddress? {
        guard offset + 4 <= bytes.count else { return nil }
        let value =
            UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
        return value == 0 ? nil : .v4(value)
    }

    /// Printable text: control characters and NULs (some clients terminate the string) dropped.
    private static func text(_ bytes: UnsafeRawBufferPointer) -> String? {
        let kept = bytes.prefix(maximumTextLength).filter { $0 >= 0x20 && $0 != 0x7F }
        let text = String(decoding: kept, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }
}
