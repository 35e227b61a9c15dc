/// Where an address lives, which decides whether camaudit may send it a packet by default.
public enum AddressScope: String, Sendable, Codable {
    case loopback, privateNetwork = "private", linkLocal = "link-local", sharedAddressSpace = "shared"
    case multicast, unspecified, reserved, documentation, global

    /// Classifies an address by the IANA special-purpose registries (RFC 6890 and successors).
    public init(of address: IPAddress) {
        switch address {
        case .v4(let value):
            self = AddressScope.classifyV4(value)
        case .v6(let high, let low):
            if high == 0, low == 1 { self = .loopback; return }
            if high == 0, low == 0 { self = .unspecified; return }
            if high == 0, low >> 32 == 0xffff { self = AddressScope.classifyV4(UInt32(low & 0xffff_ffff)); return }
            let first16 = high >> 48
            if first16 & 0xffc0 == 0xfe80 { self = .linkLocal; return }
            if first16 & 0xfe00 == 0xfc00 { self = .privateNetwork; return }
            if first16 & 0xff00 == 0xff00 { self = .multicast; return }
            if high >> 32 == 0x2001_0db8 { self = .documentation; return }
            if first16 & 0xe000 == 0x2000 { self = .global; return }
            self = .reserved
        }
    }

    private static func classifyV4(_ value: UInt32) -> AddressScope {
        func inNet(_ net: UInt32, _ prefix: UInt32) -> Bool {
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix)
            return value & mask == net
        }
        if inNet(0x7f00_0000, 8) { return .loopback }
        if value == 0 { return .unspecified }
        if inNet(0x0a00_0000, 8) || inNet(0xac10_0000, 12) || inNet(0xc0a8_0000, 16) { return .privateNetwork }
        if inNet(0xa9fe_0000, 16) { return .linkLocal }
        if inNet(0x6440_0000, 10) { return .sharedAddressSpace }
        if inNet(0xe000_0000, 4) { return .multicast }
        if inNet(0xc000_0200, 24) || inNet(0xc633_6400, 24) || inNet(0xcb00_7100, 24) { return .documentation }
        if inNet(0x0000_0000, 8) || inNet(0xf000_0000, 4) || inNet(0xc612_0000, 15) || inNet(0xc000_0000, 24) {
            return .reserved
        }
        return .global
    }

    /// True for addresses that are reachable across the internet.
    public var isPublic: Bool { self == .global }
}
