import CamAuditCore

/// Signs in a capture that a local host was taken over: cryptocurrency mining over Stratum, scanning
/// other hosts the way Mirai does, a camera opening telnet or SSH sessions, and Tor. Fed one flow at a
/// time from the loop that builds the destinations (`observe`), it keeps a few counters per local client,
/// so the whole capture costs O(flows); `findings(for:isVideoDevice:capture:)` then writes the
/// `compromise` findings of one host.
///
/// Hikvision DVRs and cameras were taken over to mine Bitcoin in 2014 and 2015, and Mirai spread
/// through cameras and DVRs by scanning for telnet (M. Antonakakis et al., "Understanding the Mirai
/// Botnet", USENIX Security Symposium, August 2017, §4: 23/tcp and 2323/tcp); a taken-over camera is a
/// foothold into the rest of the network.
public struct CompromiseDetector: Sendable {
    public static let kind = FindingKind.compromise

    /// Stratum (the pool protocol of Bitcoin, Zcash, Monero and Ethereum miners) is line-delimited
    /// JSON-RPC; these method names in a flow's first bytes mean mining whatever the port. Client side:
    /// `mining.subscribe`/`mining.authorize`/`mining.submit` (Stratum v1, "Stratum mining protocol",
    /// https://en.bitcoin.it/wiki/Stratum_mining_protocol), the CryptoNote `login`/`submit` of Monero miners
    /// (xmrig/xmrig@21d68ccdbe805d1832457bb524aec078edb14a7d src/base/net/stratum/Client.cpp, `Client::login`)
    /// and the `{"worker": ...}` requests with `eth_submitLogin`/`eth_getWork` of Ethereum's getwork proxies
    /// (samples in ntop/nDPI@bccf1c433a49af286f6b29da72169868e78d4410 src/lib/protocols/mining.c). Server side:
    /// `mining.notify`, `mining.set_difficulty`, `mining.set_target`.
    static let clientMarkers: [(bytes: [UInt8], what: String)] = [
        "\"mining.subscribe\"", "\"mining.authorize\"", "\"mining.submit\"", "\"mining.extranonce.subscribe\"",
        "eth_submitLogin", "eth_getWork", "eth_submitWork", "eth_submitHashrate",
    ].map { (Array($0.utf8), String($0.filter { $0 != "\"" })) }
    static let serverMarkers: [(bytes: [UInt8], what: String)] = [
        "\"mining.notify\"", "\"mining.set_difficulty\"", "\"mining.set_target\"",
    ].map { (Array($0.utf8), String($0.filter { $0 != "\"" })) }
    /// A Monero miner's first request: `{"method":"login","params":{"login":"<wallet>",...`, with or without
    /// `"id"` and `"jsonrpc"` first. Both parts are required so a device API's own `login` method does not count.
    static let moneroLogin = (method: Array("\"method\":\"login\"".utf8), params: Array("{\"login\":".utf8))
    static let moneroSubmit = Array("{\"method\":\"submit\",\"params\":{\"id\":".utf8)
    static let ethereumWorker = Array("{\"worker\":".utf8)

    /// Mining pools' registrable domains, a name equal to one or under one is a pool. Each is listed in
    /// the public CoinBlockerLists (ZeroDot1/CoinBlockerLists, mirrored at
    /// bigred2k/CoinBlockerLists@45d53e3bf35ca78c9aff2df08df085239357ce0b list.txt).
    static let poolDomains: Set<String> = [
        "2miners.com", "antpool.com", "ckpool.org", "coinhive.com", "coinimp.com", "crypto-loot.com", "crypto-pool.fr",
        "dwarfpool.com", "ethermine.org", "ethpool.org", "f2pool.com", "hashvault.pro", "litecoinpool.org", "minemonero.pro",
        "minergate.com", "minexmr.com", "miningpoolhub.com", "monerohash.com", "moneroocean.stream", "moneropool.com",
        "mypool.online", "nanopool.org", "nicehash.com", "prohashing.com", "slushpool.com", "suprnova.cc", "supportxmr.com",
        "xmrpool.net", "zpool.ca",
    ]

    /// Ports a Mirai-style scanner knocks on: telnet (23, 2323), SSH (22), web (80, 81, 88, 443, 8000, 8080,
    /// 8081, 8443), RTSP (554, 8554), TR-069 (7547), and the camera and DVR services Mirai's successors
    /// target (Dahua 37777, XMEye 34567, HiSilicon 9527, Hikvision SDK 8000, Synology/NAS 5000).
    static let scanTargetPorts: Set<UInt16> = [
        22, 23, 2323, 80, 81, 88, 443, 554, 5000, 7547, 8000, 8080, 8081, 8443, 8554, 9527, 34567, 37777,
    ]
    /// Distinct (destination, port) pairs of connection attempts that carried no data, from one host, that
    /// make a scan: at least `scanPairs` of them, spread over `scanSpread` destinations or ports. A normal
    /// device opens few connections that carry nothing; a scanner, hundreds.
    static let scanPairs = 64
    static let scanSpread = 8
    /// Pairs and destinations kept per host (a scan of the internet would otherwise grow without bound).
    static let maximumPairs = 10_000
    /// Telnet and SSH server ports: a camera has no reason to open a shell session to another host.
    static let shellPorts: [UInt16: String] = [22: "SSH", 23: "telnet", 2323: "telnet"]
    /// The ORPort and DirPort a Tor relay usually listens on (tor(1) manual, ORPort and DirPort; the
    /// sample torrc: "ORPort 9001", "DirPort 9030").
    static let torPorts: Set<UInt16> = [9001, 9030]
    static let maximumEvidence = 10

    struct Suspect: Sendable {
        var mining: [String] = []
        var miningFlows = 0
        var pairs: Set<ScanPair> = []
        var scanDestinations: Set<IPAddress> = []
        var scanPorts: Set<UInt16> = []
        var targetPortHits: [UInt16: Int] = [:]
        var attempts = 0
        var firstAttempt = Double.infinity
        var lastAttempt = -Double.infinity
        var shell: [String] = []
        var shellFlows = 0
        var torRelays: [IPAddress: String] = [:]
    }

    struct ScanPair: Hashable, Sendable {
        var destination: IPAddress
        var port: UInt16
    }

    private(set) var suspects: [IPAddress: Suspect] = [:]

    public init() {}

    /// Notes what `flow`, opened by the local host `flow.key.client`, shows. `names` gives the name the
    /// capture's DNS answers gave an address, if any (asked only for the flows that need it).
    public mutating func observe(_ flow: Flow, names: (IPAddress) -> String?) {
        let client = flow.key.client, server = flow.key.server, port = flow.key.serverPort
        let isTCP: Bool
        switch flow.key.transport {
        case .tcp: isTCP = true
        case .udp: isTCP = false
        case .other: return
        }
        // Written only for the few flows that become evidence: this runs once per flow of the capture.
        func service() -> String { "\(isTCP ? "tcp" : "udp")/\(port)" }

        if let sign = Self.miningSign(flow, name: { flow.serverName ?? names(server) }) {
            let line = "\(service()) \(Self.who(server, flow.serverName ?? names(server))): \(sign); \(Self.counters(flow))"
            update(client) { suspect in
                suspect.miningFlows += 1
                if suspect.mining.count < Self.maximumEvidence { suspect.mining.append(line) }
            }
        }
        guard isTCP else { return }
        if flow.firstClientPayload.isEmpty, flow.packetsUp <= 3 {
            update(client) { suspect in
                suspect.attempts += 1
                suspect.firstAttempt = min(suspect.firstAttempt, flow.firstSeen)
                suspect.lastAttempt = max(suspect.lastAttempt, flow.lastSeen)
                if suspect.pairs.count < Self.maximumPairs, suspect.pairs.insert(ScanPair(destination: server, port: port)).inserted {
                    suspect.scanDestinations.insert(server)
                    suspect.scanPorts.insert(port)
                    if Self.scanTargetPorts.contains(port) { suspect.targetPortHits[port, default: 0] += 1 }
                }
            }
        }
        if let shell = Self.shellPorts[port] {
            update(client) { suspect in
                suspect.shellFlows += 1
                if suspect.shell.count < Self.maximumEvidence {
                    suspect.shell.append("\(service()) \(Self.who(server, names(server))) (\(shell)): \(Self.counters(flow))")
                }
            }
        }
        if flow.serverNameSource == .tlsSNI, let name = flow.serverName, Self.isTorLikeName(name),
            names(server)?.lowercased() != name.lowercased()
        {
            update(client) { suspect in
                if suspect.torRelays[server] == nil, suspect.torRelays.count < Self.maximumPairs {
                    suspect.torRelays[server] =
                        "\(service()) \(server) with TLS server name \(DestinationClassifier.printable(name)) "
                        + "(no DNS lookup for it): \(Self.counters(flow))"
                }
            }
        }
    }

    /// Changes one host's counters in place (a copy out and back would copy its sets on every flow).
    private mutating func update(_ host: IPAddress, _ change: (inout Suspect) -> Void) {
        change(&suspects[host, default: Suspect()])
    }

    /// The hosts that may get a finding (every host with anything noted; `findings` applies the thresholds).
    public var hosts: Set<IPAddress> { Set(suspects.keys) }

    /// The `compromise` findings for `host`: mining, scanning and Tor for any host (critical for mining and
    /// scanning from a video device, high otherwise); outbound telnet/SSH for video devices only.
    public func findings(for host: IPAddress, isVideoDevice: Bool, capture: String) -> [Finding] {
        guard let suspect = suspects[host] else { return [] }
        let decidedBy = DecidedBy.trafficCapture(capture)
        let device = isVideoDevice ? "a video device" : "this host"
        var findings: [Finding] = []
        if suspect.miningFlows > 0 {
            findings.append(
                Finding(
                    id: "compromise-mining", title: "Mines cryptocurrency (Stratum to a mining pool, \(suspect.miningFlows) connection(s))",
                    severity: isVideoDevice ? .critical : .high, kind: Self.kind, decidedBy: decidedBy, evidence: suspect.mining,
                    remediation:
                        "Unplug \(device) from the network: a device that mines for someone else was taken over. Reset it to factory "
                        + "settings, install the maker's current firmware from the maker's site, set a new strong password, and keep it off the "
                        + "internet (camaudit traffic --lan PREFIX prints the rules)."))
        }
        let spread = max(suspect.scanDestinations.count, suspect.scanPorts.count)
        if suspect.pairs.count >= Self.scanPairs, spread >= Self.scanSpread {
            let targets = suspect.targetPortHits.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
                .prefix(8).map { "\($0.key) (\($0.value) host(s))" }.joined(separator: ", ")
            let sample = suspect.scanDestinations.sorted().prefix(5).map(\.description).joined(separator: ", ")
            var evidence = [
                "\(suspect.attempts) TCP connection attempt(s) that carried no data, to \(suspect.pairs.count) distinct destination-port pair(s): "
                    + "\(suspect.scanDestinations.count) destination(s) x \(suspect.scanPorts.count) port(s), "
                    + "\(UTCTimestamp.text(suspect.firstAttempt)) to \(UTCTimestamp.text(suspect.lastAttempt))",
                "destinations include \(sample)\(suspect.scanDestinations.count > 5 ? " and \(suspect.scanDestinations.count - 5) more" : "")",
            ]
            if !targets.isEmpty { evidence.append("telnet, web and camera ports tried: \(targets)") }
            findings.append(
                Finding(
                    id: "compromise-scanning",
                    title: "Scans other hosts (\(suspect.scanDestinations.count) destination(s) x \(suspect.scanPorts.count) port(s))",
                    severity: isVideoDevice ? .critical : .high, kind: Self.kind, decidedBy: decidedBy, evidence: evidence,
                    remediation:
                        "Unplug \(device) from the network: scanning for telnet, web and camera ports is how Mirai and its successors spread. "
                        + "Reset it, install current firmware, change every password it had (and those of the hosts it reached), and block its "
                        + "traffic to the rest of the LAN and the internet."))
        }
        if isVideoDevice, suspect.shellFlows > 0 {
            findings.append(
                Finding(
                    id: "compromise-shell", title: "Opens telnet or SSH sessions to other hosts (\(suspect.shellFlows) connection(s))",
                    severity: .high, kind: Self.kind, decidedBy: decidedBy, evidence: suspect.shell,
                    remediation:
                        "A camera or recorder has no reason to log in to other hosts: find out what started these sessions. Reset the device, "
                        + "install current firmware, change its passwords and those of the hosts it reached, and block its outbound telnet and SSH."
                ))
        }
        let onTorPorts = suspect.torRelays.values.contains { line in Self.torPorts.contains { line.hasPrefix("tcp/\($0) ") } }
        if suspect.torRelays.count >= 2 || onTorPorts && !suspect.torRelays.isEmpty {
            findings.append(
                Finding(
                    id: "compromise-tor", title: "Connects to the Tor network (\(suspect.torRelays.count) relay(s))",
                    severity: .high, kind: Self.kind, decidedBy: decidedBy,
                    evidence: suspect.torRelays.sorted { $0.key < $1.key }.prefix(Self.maximumEvidence).map(\.value),
                    remediation:
                        "A camera, recorder or IoT device does not use Tor; malware does, to reach its controller unseen. Find out which "
                        + "software on this host opens these connections; on an IoT device, reset it, install current firmware and block its internet egress."
                ))
        }
        return findings
    }

    /// What in `flow` says mining, or nil.
    static func miningSign(_ flow: Flow, name: () -> String?) -> String? {
        let client = flow.firstClientPayload, server = flow.firstServerPayload
        if client.first == UInt8(ascii: "{") {
            for marker in clientMarkers where contains(client, marker.bytes) {
                return "Stratum \(marker.what) in the client's first bytes (\(snippet(client)))"
            }
            if contains(client, moneroLogin.method), contains(client, moneroLogin.params) {
                return "Monero Stratum login in the client's first bytes (\(snippet(client)))"
            }
            if client.starts(with: moneroSubmit) { return "Monero Stratum submit in the client's first bytes (\(snippet(client)))" }
            if client.starts(with: ethereumWorker) {
                return "Ethereum getwork proxy request in the client's first bytes (\(snippet(client)))"
            }
        }
        if server.first == UInt8(ascii: "{") {
            for marker in serverMarkers where contains(server, marker.bytes) {
                return "Stratum \(marker.what) in the server's first bytes (\(snippet(server)))"
            }
        }
        if let name = name(), let pool = poolDomain(of: name) {
            return "the name \(DestinationClassifier.printable(name)) is a mining pool's (\(pool), CoinBlockerLists)"
        }
        return nil
    }

    /// The listed pool domain `name` is, or sits under.
    static func poolDomain(of name: String) -> String? {
        var rest = Substring(name.lowercased())
        while let dot = rest.firstIndex(of: ".") {
            if poolDomains.contains(String(rest)) { return String(rest) }
            rest = rest[rest.index(after: dot)...]
        }
        return nil
    }

    /// A Tor client's TLS server name: "www." + 4 to 25 random base32 characters + ".com"
    /// (torproject/tor@892a313b6a9edbcb1930454b424503c4cc2c791a src/lib/tls/tortls_openssl.c, tor_tls_new:
    /// `crypto_random_hostname(4,25, "www.",".com")`). Real sites' names such as www.google.com fit that
    /// alphabet too, so the label must also look random: a base32 digit (2-7) in it, or almost no vowels.
    static func isTorLikeName(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard lower.hasPrefix("www."), lower.hasSuffix(".com") else { return false }
        let label = lower.dropFirst(4).dropLast(4)
        guard (4...25).contains(label.count),
            label.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x32...0x37).contains($0) })
        else { return false }
        if label.utf8.contains(where: { (0x32...0x37).contains($0) }) { return true }
        // Without a digit: at least 8 characters and under one vowel in eight (English words have far more).
        let vowels = label.filter { "aeiouy".contains($0) }.count
        return label.count >= 8 && vowels * 8 < label.count
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// The first bytes as printable text, quoted.
    static func snippet(_ bytes: [UInt8]) -> String {
        "`" + String(decoding: bytes.prefix(48).map { (0x20..<0x7F).contains($0) && $0 != 0x60 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            + "`"
    }

    static func who(_ address: IPAddress, _ name: String?) -> String {
        name.map { "\(DestinationClassifier.printable($0)) (\(address))" } ?? address.description
    }

    static func counters(_ flow: Flow) -> String {
        "up \(ByteCount.text(flow.bytesUp)), down \(ByteCount.text(flow.bytesDown)), "
            + "\(UTCTimestamp.text(flow.firstSeen)) to \(UTCTimestamp.text(flow.lastSeen))"
    }
}
