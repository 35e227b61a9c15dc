import CamAuditCore

/// What the firewall rules keep reachable (the LAN prefixes, one NTP server, the NVR), parsed and
/// checked before any capture is read; the cameras, which the capture decides, come later.
public struct FirewallSettings: Sendable, Hashable {
    public let lanPrefixes: [NetworkPrefix]
    public let ntpServer: IPAddress?
    public let nvr: IPAddress?

    /// Parses every value and applies each check that does not need the cameras: private LAN
    /// prefixes, and an NTP server and NVR that are unicast addresses.
    public init(lanPrefixes: [String], ntpServer: String?, nvr: String?) throws(FirewallRuleSetError) {
        var prefixes: [NetworkPrefix] = []
        for text in lanPrefixes {
            guard let prefix = NetworkPrefix(text.trimmingCharacters(in: .whitespaces)) else {
                throw .notAnAddress(role: "LAN prefix", text: text)
            }
            prefixes.append(prefix)
        }
        self.lanPrefixes = prefixes
        self.ntpServer = if let ntpServer { try Self.address(ntpServer, role: "NTP server") } else { nil }
        self.nvr = if let nvr { try Self.address(nvr, role: "NVR") } else { nil }
        try FirewallRuleSet.checkKeptReachable(lanPrefixes: prefixes, ntpServer: self.ntpServer, nvr: self.nvr)
    }

    /// An address given as text; text that is not one is refused, never copied into rules.
    static func address(_ text: String, role: String) throws(FirewallRuleSetError) -> IPAddress {
        guard let parsed = IPAddress(text.trimmingCharacters(in: .whitespaces)) else { throw .notAnAddress(role: role, text: text) }
        return parsed
    }

    /// The rules for `cameras`: the checks that need them (each inside a LAN prefix, none the NVR) run here.
    public func rules(cameras: [IPAddress]) throws(FirewallRuleSetError) -> FirewallRuleSet {
        try FirewallRuleSet(cameras: cameras, ntpServer: ntpServer, nvr: nvr, lanPrefixes: lanPrefixes)
    }
}
