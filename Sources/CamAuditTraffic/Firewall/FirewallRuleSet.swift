import Foundation
import CamAuditCore

/// Firewall rules that stop cameras reaching the internet while keeping the LAN, one NTP server and the NVR reachable.
///
/// The rules belong on the router that forwards the cameras' traffic (the forward hook); every address in the output
/// comes from a parsed `IPAddress` or `NetworkPrefix`, never from user text.
public struct FirewallRuleSet: Sendable, Hashable {
    public let cameras: [IPAddress]
    public let ntpServer: IPAddress?
    public let nvr: IPAddress?
    public let lanPrefixes: [NetworkPrefix]

    /// The nftables table and iptables chain names.
    public static let tableName = "camaudit_camera_egress"
    public static let iptablesChain = "CAMAUDIT_EGRESS"

    /// Checks the addresses and keeps them sorted and without duplicates so the output is deterministic.
    public init(cameras: [IPAddress], ntpServer: IPAddress?, nvr: IPAddress?, lanPrefixes: [NetworkPrefix]) throws(FirewallRuleSetError) {
        let cameras = Array(Set(cameras)).sorted()
        let lanPrefixes = Array(Set(lanPrefixes)).sorted()
        guard !cameras.isEmpty else { throw .noCameras }
        try Self.checkKeptReachable(lanPrefixes: lanPrefixes, ntpServer: ntpServer, nvr: nvr)
        for camera in cameras {
            try Self.checkUnicast(camera, role: "camera")
            guard lanPrefixes.contains(where: { $0.contains(camera) }) else { throw .cameraOutsideLAN(camera) }
        }
        if let nvr, cameras.contains(nvr) { throw .unusableAddress(role: "NVR", address: nvr, reason: "it is also listed as a camera") }
        self.cameras = cameras
        self.ntpServer = ntpServer
        self.nvr = nvr
        self.lanPrefixes = lanPrefixes
    }

    /// Parses every value first; text that is not an address or prefix is refused, never copied into rules.
    public init(cameras: [String], ntpServer: String?, nvr: String?, lanPrefixes: [String]) throws(FirewallRuleSetError) {
        var parsedCameras: [IPAddress] = []
        for text in cameras { parsedCameras.append(try FirewallSettings.address(text, role: "camera")) }
        self = try FirewallSettings(lanPrefixes: lanPrefixes, ntpServer: ntpServer, nvr: nvr).rules(cameras: parsedCameras)
    }

    /// The checks that do not need the cameras: private LAN prefixes, a unicast NTP server and NVR.
    static func checkKeptReachable(lanPrefixes: [NetworkPrefix], ntpServer: IPAddress?, nvr: IPAddress?) throws(FirewallRuleSetError) {
        guard !lanPrefixes.isEmpty else { throw .noLANPrefixes }
        for prefix in lanPrefixes where !NetworkPrefix.privateBlocks.contains(where: { $0.contains(prefix) }) {
            throw .lanPrefixNotPrivate(prefix)
        }
        if let ntpServer { try checkUnicast(ntpServer, role: "NTP server") }
        if let nvr { try checkUnicast(nvr, role: "NVR") }
    }

    private static func checkUnicast(_ address: IPAddress, role: String) throws(FirewallRuleSetError) {
        switch AddressScope(of: address) {
        case .multicast: throw .unusableAddress(role: role, address: address, reason: "it is a multicast address")
        case .loopback: throw .unusableAddress(role: role, address: address, reason: "it is a loopback address")
        case .unspecified: throw .unusableAddress(role: role, address: address, reason: "it is the unspecified address")
        default:
            if address == .v4(0xffff_ffff) { throw .unusableAddress(role: role, address: address, reason: "it is the broadcast address") }
        }
    }

    /// One address family's share of the rules.
    private struct Family {
        var nftKeyword: String  // "ip" or "ip6"
        var setType: String
        var suffix: String
        var iptables: String
        var hostLength: Int
        var cameras: [IPAddress]
        var lan: [NetworkPrefix]
        var ntp: IPAddress?
        var nvr: IPAddress?
    }

    private var families: [Family] {
        let v4 = Family(
            nftKeyword: "ip", setType: "ipv4_addr", suffix: "v4", iptables: "iptables", hostLength: 32,
            cameras: cameras.filter(\.isIPv4), lan: lanPrefixes.filter(\.isIPv4),
            ntp: ntpServer.flatMap { $0.isIPv4 ? $0 : nil }, nvr: nvr.flatMap { $0.isIPv4 ? $0 : nil })
        let v6 = Family(
            nftKeyword: "ip6", setType: "ipv6_addr", suffix: "v6", iptables: "ip6tables", hostLength: 128,
            cameras: cameras.filter { !$0.isIPv4 }, lan: lanPrefixes.filter { !$0.isIPv4 },
            ntp: ntpServer.flatMap { $0.isIPv4 ? nil : $0 }, nvr: nvr.flatMap { $0.isIPv4 ? nil : $0 })
        return [v4, v6].filter { !$0.cameras.isEmpty }
    }

    /// An nftables ruleset for `nft -f`: one table whose forward chain lets cameras reach the NVR, the NTP server on
    /// UDP 123 and the LAN, and drops (and counts) everything else they send.
    public var nftables: String {
        var lines: [String] = [
            "# camaudit: block the cameras' internet egress; keep the LAN, NTP to the chosen server and the NVR.",
            "# Load on the router that forwards the cameras' traffic: nft -f FILE. Remove with: nft delete table inet \(Self.tableName)",
            "table inet \(Self.tableName) {",
        ]
        for family in families {
            lines += [
                "\tset cameras_\(family.suffix) {", "\t\ttype \(family.setType)",
                "\t\telements = { \(family.cameras.map(\.description).joined(separator: ", ")) }", "\t}",
            ]
            if !family.lan.isEmpty {
                lines += [
                    "\tset lan_\(family.suffix) {", "\t\ttype \(family.setType)", "\t\tflags interval",
                    "\t\telements = { \(family.lan.map(\.description).joined(separator: ", ")) }", "\t}",
                ]
            }
        }
        lines += ["\tchain forward {", "\t\ttype filter hook forward priority 0; policy accept;"]
        for family in families {
            let from = "\(family.nftKeyword) saddr @cameras_\(family.suffix)"
            if let nvr = family.nvr { lines.append("\t\t\(from) \(family.nftKeyword) daddr \(nvr) accept comment \"NVR\"") }
            if let ntp = family.ntp { lines.append("\t\t\(from) \(family.nftKeyword) daddr \(ntp) udp dport 123 accept comment \"NTP\"") }
            if !family.lan.isEmpty { lines.append("\t\t\(from) \(family.nftKeyword) daddr @lan_\(family.suffix) accept comment \"LAN\"") }
            lines.append("\t\t\(from) counter drop comment \"camera internet egress\"")
        }
        lines += ["\t}", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same policy as iptables/ip6tables commands: a chain of allows ending in DROP, jumped to from FORWARD per camera.
    public var iptablesCommands: [String] {
        var commands: [String] = []
        for family in families {
            let tool = family.iptables
            let chain = Self.iptablesChain
            commands.append("\(tool) -N \(chain)")
            if let nvr = family.nvr { commands.append("\(tool) -A \(chain) -d \(nvr)/\(family.hostLength) -j ACCEPT") }
            if let ntp = family.ntp { commands.append("\(tool) -A \(chain) -d \(ntp)/\(family.hostLength) -p udp --dport 123 -j ACCEPT") }
            for prefix in family.lan { commands.append("\(tool) -A \(chain) -d \(prefix) -j ACCEPT") }
            commands.append("\(tool) -A \(chain) -j DROP")
            for (index, camera) in family.cameras.enumerated() {
                commands.append("\(tool) -I FORWARD \(index + 1) -s \(camera)/\(family.hostLength) -j \(chain)")
            }
        }
        return commands
    }
}
