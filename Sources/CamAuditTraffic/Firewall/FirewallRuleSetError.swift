import CamAuditCore

/// Why a firewall rule set cannot be generated from the given addresses.
public enum FirewallRuleSetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A value given as text is not an address (or prefix) at all.
    case notAnAddress(role: String, text: String)
    /// No camera address was given, so there is nothing to block.
    case noCameras
    /// No LAN prefix was given, so every destination would be blocked or the LAN is unknown.
    case noLANPrefixes
    /// A LAN prefix reaches outside the private and link-local blocks, so allowing it would allow internet traffic.
    case lanPrefixNotPrivate(NetworkPrefix)
    /// A camera lies outside every LAN prefix; its LAN traffic would be dropped.
    case cameraOutsideLAN(IPAddress)
    /// An address cannot serve in its role (multicast, loopback, unspecified, or the NVR listed as a camera).
    case unusableAddress(role: String, address: IPAddress, reason: String)

    public var description: String {
        switch self {
        case .notAnAddress(let role, let text):
            return
                "The \(role) \"\(text.prefix(64))\" is not an IP address\(role == "LAN prefix" ? " or address/length prefix with no host bits set" : ""); check the spelling."
        case .noCameras:
            return "No camera address was given; pass at least one camera."
        case .noLANPrefixes:
            return "No LAN prefix was given; pass the local networks, e.g. 192.168.1.0/24."
        case .lanPrefixNotPrivate(let prefix):
            return
                "The LAN prefix \(prefix) reaches outside the private ranges (10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7, fe80::/10); allowing it would let cameras reach the internet."
        case .cameraOutsideLAN(let address):
            return "The camera \(address) is outside every LAN prefix given; add its network to the LAN prefixes."
        case .unusableAddress(let role, let address, let reason):
            return "The \(role) \(address) cannot be used: \(reason)."
        }
    }
}
