import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

@Suite struct FirewallRuleSetTests {
    /// Fixed input given out of order and with a duplicate: the output must not depend on either.
    static func fixedRuleSet() throws -> FirewallRuleSet {
        try FirewallRuleSet(
            cameras: ["192.168.1.21", "192.168.1.20", "192.168.1.21", "fd00:1::20"], ntpServer: "192.168.1.1", nvr: "192.168.1.5",
            lanPrefixes: ["192.168.1.0/24", "10.10.0.0/16", "fd00:1::/64"])
    }

    static let goldenNftables = """
        # camaudit: block the cameras' internet egress; keep the LAN, NTP to the chosen server and the NVR.
        # Load on the router that forwards the cameras' traffic: nft -f FILE. Remove with: nft delete table inet camaudit_camera_egress
        table inet camaudit_camera_egress {
        \tset cameras_v4 {
        \t\ttype ipv4_addr
        \t\telements = { 192.168.1.20, 192.168.1.21 }
        \t}
        \tset lan_v4 {
        \t\ttype ipv4_addr
        \t\tflags interval
        \t\telements = { 10.10.0.0/16, 192.168.1.0/24 }
        \t}
        \tset cameras_v6 {
        \t\ttype ipv6_addr
        \t\telements = { fd00:1::20 }
        \t}
        \tset lan_v6 {
        \t\ttype ipv6_addr
        \t\tflags interval
        \t\telements = { fd00:1::/64 }
        \t}
        \tchain forward {
        \t\ttype filter hook forward priority 0; policy accept;
        \t\tip saddr @cameras_v4 ip daddr 192.168.1.5 accept comment "NVR"
        \t\tip saddr @cameras_v4 ip daddr 192.168.1.1 udp dport 123 accept comment "NTP"
        \t\tip saddr @cameras_v4 ip daddr @lan_v4 accept comment "LAN"
        \t\tip saddr @cameras_v4 counter drop comment "camera internet egress"
        \t\tip6 saddr @cameras_v6 ip6 daddr @lan_v6 accept comment "LAN"
        \t\tip6 saddr @cameras_v6 counter drop comment "camera internet egress"
        \t}
        }

        """

    static let goldenIptables = [
        "iptables -N CAMAUDIT_EGRESS",
        "iptables -A CAMAUDIT_EGRESS -d 192.168.1.5/32 -j ACCEPT",
        "iptables -A CAMAUDIT_EGRESS -d 192.168.1.1/32 -p udp --dport 123 -j ACCEPT",
        "iptables -A CAMAUDIT_EGRESS -d 10.10.0.0/16 -j ACCEPT",
        "iptables -A CAMAUDIT_EGRESS -d 192.168.1.0/24 -j ACCEPT",
        "iptables -A CAMAUDIT_EGRESS -j DROP",
        "iptables -I FORWARD 1 -s 192.168.1.20/32 -j CAMAUDIT_EGRESS",
        "iptables -I FORWARD 2 -s 192.168.1.21/32 -j CAMAUDIT_EGRESS",
        "ip6tables -N CAMAUDIT_EGRESS",
        "ip6tables -A CAMAUDIT_EGRESS -d fd00:1::/64 -j ACCEPT",
        "ip6tables -A CAMAUDIT_EGRESS -j DROP",
        "ip6tables -I FORWARD 1 -s fd00:1::20/128 -j CAMAUDIT_EGRESS",
    ]

    @Test func nftablesOutputMatchesGolden() throws {
        let rules = try Self.fixedRuleSet()
        #expect(rules.nftables == Self.goldenNftables)
        #expect(try Self.fixedRuleSet().nftables == rules.nftables)
    }

    @Test func iptablesOutputMatchesGolden() throws {
        #expect(try Self.fixedRuleSet().iptablesCommands == Self.goldenIptables)
    }

    @Test func invalidInputIsRefusedBeforeAnyRuleIsWritten() {
        #expect(throws: FirewallRuleSetError.notAnAddress(role: "camera", text: "192.168.1.20; flush ruleset")) {
            try FirewallRuleSet(cameras: ["192.168.1.20; flush ruleset"], ntpServer: nil, nvr: nil, lanPrefixes: ["192.168.1.0/24"])
        }
        #expect(throws: FirewallRuleSetError.notAnAddress(role: "LAN prefix", text: "192.168.1.1/24")) {
            try FirewallRuleSet(cameras: ["192.168.1.20"], ntpServer: nil, nvr: nil, lanPrefixes: ["192.168.1.1/24"])
        }
        #expect(throws: FirewallRuleSetError.lanPrefixNotPrivate(NetworkPrefix("0.0.0.0/0")!)) {
            try FirewallRuleSet(cameras: ["192.168.1.20"], ntpServer: nil, nvr: nil, lanPrefixes: ["0.0.0.0/0"])
        }
        #expect(throws: FirewallRuleSetError.lanPrefixNotPrivate(NetworkPrefix("10.0.0.0/7")!)) {
            try FirewallRuleSet(cameras: ["10.0.0.2"], ntpServer: nil, nvr: nil, lanPrefixes: ["10.0.0.0/7"])
        }
        #expect(throws: FirewallRuleSetError.cameraOutsideLAN(IPAddress("10.0.0.2")!)) {
            try FirewallRuleSet(cameras: ["10.0.0.2"], ntpServer: nil, nvr: nil, lanPrefixes: ["192.168.1.0/24"])
        }
        #expect(throws: FirewallRuleSetError.noCameras) {
            try FirewallRuleSet(cameras: [String](), ntpServer: nil, nvr: nil, lanPrefixes: ["192.168.1.0/24"])
        }
        #expect(throws: FirewallRuleSetError.self) {
            try FirewallRuleSet(cameras: ["192.168.1.20"], ntpServer: "224.0.1.1", nvr: nil, lanPrefixes: ["192.168.1.0/24"])
        }
        #expect(throws: FirewallRuleSetError.self) {
            try FirewallRuleSet(cameras: ["192.168.1.20"], ntpServer: nil, nvr: "192.168.1.20", lanPrefixes: ["192.168.1.0/24"])
        }
        #expect(throws: FirewallRuleSetError.self) {
            try FirewallRuleSet(cameras: ["192.168.1.20"], ntpServer: "pool.ntp.org", nvr: nil, lanPrefixes: ["192.168.1.0/24"])
        }
    }

    /// `nft -c` parses and checks the ruleset without touching the host's firewall.
    @Test func generatedRulesetPassesNftCheck() throws {
        guard let nft = ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            print("FirewallRuleSetTests: nft is not installed; skipped the nft -c -f syntax check (golden strings still checked)")
            return
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-\(UUID().uuidString).nft")
        try Self.fixedRuleSet().nftables.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nft)
        process.arguments = ["-c", "-f", url.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if process.terminationStatus != 0, message.contains("Operation not permitted") {
            // nft -c still needs a netlink socket; without CAP_NET_ADMIN it cannot check anything.
            print("FirewallRuleSetTests: nft -c needs CAP_NET_ADMIN here; skipped (\(message.prefix(120)))")
            return
        }
        #expect(process.terminationStatus == 0, "\(message)")
    }
}
