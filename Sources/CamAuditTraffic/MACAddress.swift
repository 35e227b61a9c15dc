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
