import CamAuditCatalog
import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

/// Builds the test captures of taken-over hosts: TCP sessions and bare SYNs between local hosts and
/// documentation-range addresses (RFC 5737), written into pcap bytes only.
struct HijackCapture {
    typealias F = FrameBuilder
    static let phoneMAC: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x23]
    static let hubMAC: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x30]
    var writer = PcapWriter(linkType: 1)
    var time = 2_000_000_000.0
    var port = 40_000

    /// A TCP session: handshake, the client's first bytes, the server's answer.
    mutating func session(_ client: [UInt8], mac: [UInt8], to server: [UInt8], port serverPort: Int, send: [UInt8], answer: [UInt8] = []) {
        port += 1
        let clientPort = port
        func up(_ segment: [UInt8]) -> [UInt8] {
            F.ethernet(source: mac, destination: F.routerMAC, F.ipv4(source: client, destination: server, protocolNumber: 6, segment))
        }
        func down(_ segment: [UInt8]) -> [UInt8] {
            F.ethernet(source: F.routerMAC, destination: mac, F.ipv4(source: server, destination: client, protocolNumber: 6, segment))
        }
        add(up(F.tcp(clientPort, serverPort, flags: 0x02, sequence: 0)))
        add(down(F.tcp(serverPort, clientPort, flags: 0x12)))
        add(up(F.tcp(clientPort, serverPort, flags: 0x10)))
        if !send.isEmpty { add(up(F.tcp(clientPort, serverPort, flags: 0x18, send))) }
        if !answer.isEmpty { add(down(F.tcp(serverPort, clientPort, flags: 0x18, answer))) }
    }

    /// A connection attempt that gets no answer: one SYN.
    mutating func knock(_ client: [UInt8], mac: [UInt8], to server: [UInt8], port serverPort: Int) {
        port += 1
        add(
            F.ethernet(
                source: mac, destination: F.routerMAC,
                F.ipv4(source: client, destination: server, protocolNumber: 6, F.tcp(port, serverPort, flags: 0x02, sequence: 0))))
    }

    /// A DNS lookup through the LAN resolver that answers `address` for `name`.
    mutating func lookup(_ client: [UInt8], mac: [UInt8], _ name: String, answer address: [UInt8]) {
        port += 1
        add(
            F.ethernet(
                source: mac, destination: F.routerMAC,
                F.ipv4(
                    source: client, destination: F.resolver, protocolNumber: 17, F.udp(port, 53, F.dnsQuery(id: port & 0xFFFF, name: name)))
            ))
        add(
            F.ethernet(
                source: F.routerMAC, destination: mac,
                F.ipv4(
                    source: F.resolver, destination: client, protocolNumber: 17,
                    F.udp(53, port, F.dnsResponse(id: port & 0xFFFF, name: name, alias: "edge.\(name)", address: address)))))
    }

    mutating func add(_ frame: [UInt8]) {
        writer.add(frame, at: time)
        time += 0.01
    }

    func table(named name: String) throws -> FlowTable {
        var table = FlowTable()
        try table.add(capture: try CaptureReader(path: try writer.write(named: name)))
        return table
    }
}

/// The stock Stratum v1 exchange ("Stratum mining protocol", https://en.bitcoin.it/wiki/Stratum_mining_protocol):
/// the miner subscribes, then authorizes its worker; the pool answers with its subscription and notify.
let stratumSubscribe = Array("{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": []}\n".utf8)
let stratumCompactSubscribe = Array("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"cpuminer/2.5.1\"]}\n".utf8)
let stratumAnswer = Array(
    "{\"id\":1,\"result\":[[[\"mining.notify\",\"ae6812eb4cd7735a302a8a9dd95cf71f\"]],\"08000002\",4],\"error\":null}\n".utf8)
/// XMRig's first request (xmrig/xmrig@21d68ccdbe805d1832457bb524aec078edb14a7d src/base/net/stratum/Client.cpp, Client::login).
let moneroLogin = Array(
    "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"login\":\"44AFFq5kSiGBoZ\",\"pass\":\"x\",\"agent\":\"XMRig/6.21.0\"}}\n"
        .utf8)

private func camera(_ address: String = "192.168.1.64") -> ScanInventory {
    let device = DeviceReport(
        address: IPAddress(address)!, ports: [PortService(port: 554, service: "rtsp")],
        identity: Identity(manufacturer: "Hikvision", deviceType: .camera, confidence: 0.9))
    let metadata = ScanMetadata(
        id: "hijack", version: "test", startedAt: Date(), finishedAt: Date(), targets: [], exclusions: [], ports: [],
        addressesScanned: 1, probesSent: 1, status: .completed)
    return ScanInventory(report: ScanReport(scan: metadata, devices: [device]))
}

private func analysis() throws -> TrafficAnalysis {
    TrafficAnalysis(classifier: DestinationClassifier(catalog: try CloudEndpointCatalog.bundled()), captureName: "hijack.pcap")
}

private func compromiseIDs(_ device: DeviceTraffic?) -> Set<String> {
    Set((device?.findings ?? []).filter { $0.kind == .compromise }.map(\.id))
}

@Suite("Compromise findings: a hijacked camera")
struct CompromiseFindingsTests {
    typealias F = FrameBuilder

    @Test func aCameraMiningOverStratumIsCritical() throws {
        var capture = HijackCapture()
        capture.session(
            F.camera, mac: F.cameraMAC, to: [203, 0, 113, 50], port: 3333, send: stratumCompactSubscribe, answer: stratumAnswer)
        // Monero on a port nothing expects: the signature decides, not the port.
        capture.session(F.camera, mac: F.cameraMAC, to: [198, 51, 100, 60], port: 10_128, send: moneroLogin)
        let devices = try analysis().devices(in: try capture.table(named: "mining.pcap"), inventory: camera())
        let device = try #require(devices.first)
        let mining = try #require(device.findings.first { $0.id == "compromise-mining" })
        #expect(mining.kind == .compromise && mining.severity == .critical)
        #expect(mining.title.contains("2 connection(s)"))
        #expect(mining.evidence.contains { $0.hasPrefix("tcp/3333 203.0.113.50") && $0.contains("mining.subscribe") })
        #expect(mining.evidence.contains { $0.hasPrefix("tcp/10128 198.51.100.60") && $0.contains("Monero Stratum login") })
        #expect(mining.decidedBy == .trafficCapture("hijack.pcap"))
    }

    @Test func aPoolNameIsMiningAndAHostThatIsNoCameraGetsHigh() throws {
        var capture = HijackCapture()
        // TLS to a pool: no Stratum bytes to read, only the name the miner asked for (CoinBlockerLists lists nanopool.org).
        capture.session(
            F.camera, mac: HijackCapture.phoneMAC, to: [203, 0, 113, 51], port: 14_433,
            send: F.clientHello(serverName: "xmr-eu1.nanopool.org"))
        let devices = try analysis().devices(in: try capture.table(named: "pool.pcap"))
        let device = try #require(devices.first { $0.address == IPAddress("192.168.1.64") })
        #expect(device.attribution.role != .videoDevice)
        let mining = try #require(device.findings.first { $0.id == "compromise-mining" })
        #expect(mining.severity == .high, "mining from a host that is not a video device is high, not critical")
        #expect(mining.evidence.first?.contains("nanopool.org") == true)
    }

    @Test func aMiraiStyleScanFromACameraIsCriticalAndListsWhatWasTried() throws {
        var capture = HijackCapture()
        for host in 1...40 {
            capture.knock(F.camera, mac: F.cameraMAC, to: [198, 51, 100, UInt8(host)], port: 23)
            capture.knock(F.camera, mac: F.cameraMAC, to: [198, 51, 100, UInt8(host)], port: 2323)
        }
        for host in 100...130 { capture.knock(F.camera, mac: F.cameraMAC, to: [192, 168, 1, UInt8(host)], port: 80) }
        let devices = try analysis().devices(in: try capture.table(named: "scan.pcap"), inventory: camera())
        let scan = try #require(devices.first?.findings.first { $0.id == "compromise-scanning" })
        #expect(scan.severity == .critical)
        #expect(scan.title == "Scans other hosts (71 destination(s) x 3 port(s))")
        #expect(scan.evidence.first?.contains("111 TCP connection attempt(s)") == true)
        #expect(scan.evidence.contains { $0.contains("23 (40 host(s))") && $0.contains("80 (31 host(s))") })
    }

    @Test func pollingOneHostOrBrowsingIsNoScan() throws {
        var capture = HijackCapture()
        // A hub asking one LAN host once a second for two minutes, unanswered (the SmartThings hub polls the
        // Hue bridge this way, by ARP; as TCP it must not count either): one destination-port pair.
        for _ in 0..<120 { capture.knock([192, 168, 1, 30], mac: HijackCapture.hubMAC, to: [192, 168, 1, 141], port: 80) }
        // A phone opening 80 HTTPS sessions that carry data: connections, not attempts.
        for host in 1...80 {
            capture.session(
                [192, 168, 1, 23], mac: HijackCapture.phoneMAC, to: [203, 0, 113, UInt8(host)], port: 443,
                send: F.clientHello(serverName: "cdn\(host).example.com"))
        }
        let devices = try analysis().devices(in: try capture.table(named: "benign.pcap"))
        #expect(devices.allSatisfy { compromiseIDs($0).isEmpty }, "\(devices.flatMap(\.findings).map(\.id))")
    }

    @Test func outboundTelnetOrSSHFromACameraButNotFromAPhone() throws {
        var capture = HijackCapture()
        capture.session(
            F.camera, mac: F.cameraMAC, to: [192, 168, 1, 99], port: 23, send: Array("root\r\n".utf8), answer: Array("Password: ".utf8))
        capture.session(F.camera, mac: F.cameraMAC, to: [198, 51, 100, 9], port: 22, send: Array("SSH-2.0-dropbear_2019.78\r\n".utf8))
        capture.session(
            [192, 168, 1, 23], mac: HijackCapture.phoneMAC, to: [198, 51, 100, 9], port: 22, send: Array("SSH-2.0-OpenSSH_9.6\r\n".utf8))
        let table = try capture.table(named: "shell.pcap")
        let cameraDevice = try #require(try analysis().devices(in: table, inventory: camera()).first)
        let shell = try #require(cameraDevice.findings.first { $0.id == "compromise-shell" })
        #expect(shell.severity == .high && shell.title.contains("2 connection(s)"))
        #expect(shell.evidence.contains { $0.hasPrefix("tcp/23 192.168.1.99 (telnet)") })
        #expect(shell.evidence.contains { $0.hasPrefix("tcp/22 198.51.100.9 (SSH)") })
        let phone = try analysis().devices(in: table).first { $0.address == IPAddress("192.168.1.23") }
        #expect(phone != nil && compromiseIDs(phone).isEmpty, "an SSH session from a phone or PC is no sign of compromise")
    }

    @Test func torRelaysByTheirRandomServerNames() throws {
        var capture = HijackCapture()
        capture.session(
            F.camera, mac: F.cameraMAC, to: [198, 51, 100, 201], port: 9001, send: F.clientHello(serverName: "www.ct7ctrgb6cr7.com"))
        capture.session(
            F.camera, mac: F.cameraMAC, to: [198, 51, 100, 202], port: 443, send: F.clientHello(serverName: "www.q4cyamnc6mtokjurvdclt.com")
        )
        // A phone reaching a real site by name: looked up first, and the label is no random base32.
        capture.lookup([192, 168, 1, 23], mac: HijackCapture.phoneMAC, "www.google.com", answer: [203, 0, 113, 99])
        capture.session(
            [192, 168, 1, 23], mac: HijackCapture.phoneMAC, to: [203, 0, 113, 99], port: 443,
            send: F.clientHello(serverName: "www.google.com"))
        capture.session(
            [192, 168, 1, 23], mac: HijackCapture.phoneMAC, to: [203, 0, 113, 98], port: 443,
            send: F.clientHello(serverName: "www.bbcnews.com"))
        let table = try capture.table(named: "tor.pcap")
        let devices = try analysis().devices(in: table)
        let tor = try #require(devices.first { $0.address == IPAddress("192.168.1.64") }?.findings.first { $0.id == "compromise-tor" })
        #expect(tor.severity == .high && tor.title == "Connects to the Tor network (2 relay(s))")
        #expect(tor.evidence.first?.hasPrefix("tcp/9001 198.51.100.201 with TLS server name www.ct7ctrgb6cr7.com") == true)
        #expect(compromiseIDs(devices.first { $0.address == IPAddress("192.168.1.23") }).isEmpty)
    }

    @Test func theTorNameShapeFollowsTorsOwnGenerator() {
        for name in [
            "www.ct7ctrgb6cr7.com", "www.gfu7hbxpfp.com", "www.t3i3ru.com", "www.jmts2id.com", "WWW.E6R5P57KBAFWRXJ3PLZ.COM",
            "www.bcdfghjklm.com",
        ] {
            #expect(CompromiseDetector.isTorLikeName(name), "\(name)")
        }
        for name in [
            "www.google.com", "www.bbcnews.com", "www.example.org", "mail.ct7ctrgb6cr7.com", "www.abc.com", "www.ct7-ctrgb6cr7.com",
            "www.\(String(repeating: "a2", count: 13)).com",
        ] {
            #expect(!CompromiseDetector.isTorLikeName(name), "\(name)")
        }
    }

    @Test func poolNamesMatchTheirSubdomainsOnly() {
        #expect(CompromiseDetector.poolDomain(of: "eu1.ethermine.org") == "ethermine.org")
        #expect(CompromiseDetector.poolDomain(of: "NANOPOOL.ORG") == "nanopool.org")
        #expect(CompromiseDetector.poolDomain(of: "notnanopool.org") == nil)
        #expect(CompromiseDetector.poolDomain(of: "nanopool.org.example.com") == nil)
    }

    @Test func aSavedScanGetsTheFindingsReplacedOnARerun() throws {
        var capture = HijackCapture()
        capture.session(F.camera, mac: F.cameraMAC, to: [203, 0, 113, 50], port: 3333, send: stratumSubscribe, answer: stratumAnswer)
        let inventory = camera()
        let devices = try analysis().devices(in: try capture.table(named: "join.pcap"), inventory: inventory)
        let device = DeviceReport(address: IPAddress("192.168.1.64")!, ports: [], identity: Identity(deviceType: .camera, confidence: 0.9))
        let metadata = ScanMetadata(
            id: "hijack", version: "test", startedAt: Date(), finishedAt: Date(), targets: [], exclusions: [], ports: [],
            addressesScanned: 1, probesSent: 1, status: .completed)
        let once = ScanReport(scan: metadata, devices: [device]).joiningTraffic(devices, capture: "join.pcap")
        let twice = once.joiningTraffic(devices, capture: "join.pcap")
        #expect(once.devices.first?.findings.filter { $0.kind == .compromise }.count == 1)
        #expect(twice.devices.first?.findings.filter { $0.kind == .compromise }.count == 1, "a rerun replaces, not adds")
    }
}
