/// A 48-bit Ethernet hardware address, kept as an integer so flow keys hash cheaply.
public struct MACAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address in the low 48 bits, first octet most significant.
    public let value: UInt64

    public init(value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    /// The six octets in transmission order.
    public init(_ octets: [UInt8]) {
        var value: UInt64 = 0
        for octet in octets.prefix(6) { value = value << 8 | UInt64(octet) }
        self.init(value: value)
    }

    /// The organisationally unique identifier (first three octets), the maker's registry prefix.
    public var oui: UInt32 { UInt32(value >> 24) }

    public var description: String {
        (0..<6).map { index in
            let octet = UInt8((value >> (40 - 8 * UInt64(index))) & 0xFF)
            let hex = String(octet, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.value < rhs.value }
}

extension MACAddress {
    /// The U/L bit: set on addresses a host made up (phones and PCs randomise per network), clear on burned-in ones.
    public var isLocallyAdministered: Bool { (value >> 40) & 0x02 != 0 }
    /// The I/G bit: a group (multicast or broadcast) address, never one host's.
    public var isGroup: Bool { (value >> 40) & 0x01 != 0 }
    /// The OUI as the fingerprint data writes it: six upper-case hex digits, `4419B6`.
    public var ouiText: String {
        let digits = String(oui, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
