import CamAuditCore

/// An IPv4 or IPv6 network written `address/length`, with no host bits set (e.g. `192.168.1.0/24`).
public struct NetworkPrefix: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let network: IPAddress
    public let length: Int

    /// The prefix, or nil when the length is out of range or host bits are set (a typo we refuse rather than guess).
    public init?(network: IPAddress, length: Int) {
        let bits = network.isIPv4 ? 32 : 128
        guard (0...bits).contains(length), Self.masked(network, length) == network else { return nil }
        self.network = network
        self.length = length
    }

    /// Parses `address/length`; a bare address is a host prefix (/32 or /128).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(parts[0]) else { return nil }
        let bits = address.isIPv4 ? 32 : 128
        var length = bits
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let parsed = Int(parts[1]) else {
                return nil
            }
            length = parsed
        }
        self.init(network: address, length: length)
    }

    public var isIPv4: Bool { network.isIPv4 }

    public var description: String { "\(network)/\(length)" }

    /// True when the address lies in this network (never across IPv4 and IPv6).
    public func contains(_ address: IPAddress) -> Bool {
        guard address.isIPv4 == network.isIPv4 else { return false }
        return Self.masked(address, length) == network
    }

    /// True when every address of `other` lies in this network.
    public func contains(_ other: NetworkPrefix) -> Bool {
        other.length >= length && contains(other.network)
    }

    public static func < (lhs: NetworkPrefix, rhs: NetworkPrefix) -> Bool {
        lhs.network != rhs.network ? lhs.network < rhs.network : lhs.length < rhs.length
    }

    private static func masked(_ address: IPAddress, _ length: Int) -> IPAddress {
        switch address {
        case .v4(let value):
            let mask: UInt32 = length <= 0 ? 0 : (length >= 32 ? ~0 : ~UInt32(0) << UInt32(32 - length))
            return .v4(value & mask)
        case .v6(let high, let low):
            func mask(_ bits: Int) -> UInt64 { bits <= 0 ? 0 : (bits >= 64 ? ~0 : ~UInt64(0) << UInt64(64 - bits)) }
            return .v6(high: high & mask(length), low: low & mask(length - 64))
        }
    }

    /// The private and link-local blocks a LAN may use (RFC 1918, RFC 3927, RFC 4193, RFC 4291).
    public static let privateBlocks: [NetworkPrefix] = [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "fc00::/7", "fe80::/10",
    ]
    .compactMap { NetworkPrefix($0) }
}
