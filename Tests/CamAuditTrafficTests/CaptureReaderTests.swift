import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

/// A camera's morning on the wire: DNS lookup of its cloud, a TLS session there, a CS2 P2P hello,
/// plus an ARP frame and a later IP fragment that must be counted, not turned into flows.
/// The SYN takes sequence number 0, so the ClientHello starts at 1 (RFC 9293 §3.4), as on a real wire.
func cameraCapture(snapshotLength: UInt32 = 65_535) -> PcapWriter {
    typealias F = FrameBuilder
    var writer = PcapWriter(linkType: 1, snapshotLength: snapshotLength)
    func up(_ ip: [UInt8]) -> [UInt8] { F.ethernet(source: F.cameraMAC, destination: F.routerMAC, ip) }
    func down(_ ip: [UInt8]) -> [UInt8] { F.ethernet(source: F.routerMAC, destination: F.cameraMAC, ip) }
    let name = "devices.hik-connect.com"
    writer.add(
        up(F.ipv4(source: F.camera, destination: F.resolver, protocolNumber: 17, F.udp(40000, 53, F.dnsQuery(id: 7, name: name)))),
        at: 1000.0)
    writer.add(
        down(
            F.ipv4(
                source: F.resolver, destination: F.camera, protocolNumber: 17,
                F.udp(53, 40000, F.dnsResponse(id: 7, name: name, alias: "edge.example-cdn.net", address: F.cloud)))), at: 1000.01)
    writer.add(
        up(F.ipv4(source: F.camera, destination: F.cloud, protocolNumber: 6, F.tcp(50000, 443, flags: 0x02, sequence: 0))), at: 1000.1)
    writer.add(down(F.ipv4(source: F.cloud, destination: F.camera, protocolNumber: 6, F.tcp(443, 50000, flags: 0x12))), at: 1000.2)
    writer.add(up(F.ipv4(source: F.camera, destination: F.cloud, protocolNumber: 6, F.tcp(50000, 443, flags: 0x10))), at: 1000.3)
    writer.add(
        up(
            F.ipv4(
                source: F.camera, destination: F.cloud, protocolNumber: 6,
                F.tcp(50000, 443, flags: 0x18, F.clientHello(serverName: name)))), at: 1000.4)
    writer.add(
        down(
            F.ipv4(
                source: F.cloud, destination: F.camera, protocolNumber: 6,
                F.tcp(443, 50000, flags: 0x18, [UInt8](repeating: 0x16, count: 1200)))), at: 1000.5)
    writer.add(up(F.ipv4(source: F.camera, destination: F.broker, protocolNumber: 17, F.udp(41000, 32100, F.cs2Hello))), at: 1001.0)
    writer.add(
        F.ethernet(
            source: F.cameraMAC, destination: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], etherType: 0x0806,
            [UInt8](repeating: 0, count: 28)), at: 1001.5)
    writer.add(
        up(F.ipv4(source: F.camera, destination: F.cloud, protocolNumber: 6, fragmentOffset: 185, [UInt8](repeating: 0, count: 40))),
        at: 1002.0)
    return writer
}

private func flows(in path: String) throws -> (CaptureReader, FlowTable) {
    let reader = try CaptureReader(path: path)
    var table = FlowTable()
    try table.add(capture: reader)
    return (reader, table)
}

@Suite("CaptureReader and FlowTable over libpcap")
struct CaptureReaderTests {
    @Test func ethernetCaptureGivesFlowsNamesAndServerName() throws {
        let path = try cameraCapture().write(named: "camera.pcap")
        let (reader, table) = try flows(in: path)
        #expect(reader.linkType == .ethernet)
        #expect(table.packets == 10)
        #expect(table.flows.count == 3)
        #expect(table.skipped == [.notIP: 1, .laterFragment: 1])

        let cloud = IPAddress("203.0.113.10")!
        let camera = IPAddress("192.168.1.64")!
        #expect(table.name(for: cloud) == "devices.hik-connect.com")
        #expect(table.name(for: IPAddress("198.51.100.7")!) == nil)

        let tls = try #require(table.flows.first { $0.key.serverPort == 443 })
        #expect(tls.key == FlowKey(transport: .tcp, client: camera, clientPort: 50000, server: cloud, serverPort: 443))
        #expect(tls.serverName == "devices.hik-connect.com")
        #expect(tls.packetsUp == 3 && tls.packetsDown == 2)
        #expect(tls.bytesDown == 40 + 40 + 1200)
        #expect(tls.clientMAC == MACAddress(FrameBuilder.cameraMAC))
        #expect(tls.serverMAC == MACAddress(FrameBuilder.routerMAC))
        #expect(tls.firstSeen == 1000.1 && abs(tls.lastSeen - 1000.5) < 1e-6)

        let cs2 = try #require(table.flows.first { $0.key.serverPort == 32100 })
        #expect(cs2.key.transport == .udp && cs2.key.client == camera)
        #expect(cs2.firstClientPayload == FrameBuilder.cs2Hello)
        #expect(cs2.serverName == nil)

        let dns = try #require(table.flows.first { $0.key.serverPort == 53 })
        #expect(dns.packetsUp == 1 && dns.packetsDown == 1)
    }

    @Test func snaplenCutPacketsStillCountTheirWireLength() throws {
        // 64-byte snapshot: headers survive, TLS payload is cut, so no SNI but full byte counts.
        let path = try cameraCapture(snapshotLength: 64).write(named: "cut.pcap")
        let (reader, table) = try flows(in: path)
        #expect(reader.snapshotLength == 64)
        let tls = try #require(table.flows.first { $0.key.serverPort == 443 })
        #expect(tls.serverName == nil)
        #expect(tls.bytesDown == 40 + 40 + 1200)
        // The DNS answer is cut too: counted as malformed, no name learned.
        #expect(table.malformedDNS >= 1)
        #expect(table.name(for: IPAddress("203.0.113.10")!) == nil)
    }

    @Test func vlanAndCookedFramesDecode() throws {
        typealias F = FrameBuilder
        let ip = F.ipv4(source: F.camera, destination: F.broker, protocolNumber: 17, F.udp(41000, 32100, F.cs2Hello))
        var stacked = PcapWriter(linkType: 1)
        stacked.add(F.ethernet(source: F.cameraMAC, destination: F.routerMAC, vlanTags: [100, 20], ip), at: 1)
        stacked.add(F.ethernet(source: F.cameraMAC, destination: F.routerMAC, vlanTags: [20], ip), at: 2)
        var cooked = PcapWriter(linkType: 113)
        cooked.add(F.linuxCooked(source: F.cameraMAC, ip), at: 1)
        var cooked2 = PcapWriter(linkType: 276)
        cooked2.add(F.linuxCooked2(source: F.cameraMAC, ip), at: 1)
        for (writer, expected) in [(stacked, LinkType.ethernet), (cooked, .linuxCooked), (cooked2, .linuxCooked2)] {
            let (reader, table) = try flows(in: try writer.write(named: "link.pcap"))
            #expect(reader.linkType == expected)
            #expect(table.skipped.isEmpty)
            let flow = try #require(table.flows.first)
            #expect(table.flows.count == 1)
            #expect(flow.key.server == IPAddress("198.51.100.7")! && flow.key.serverPort == 32100)
            #expect(flow.clientMAC == MACAddress(F.cameraMAC))
            #expect(flow.firstClientPayload.first == 0xF1)
        }
    }

    @Test func corruptMissingAndTruncatedFilesAreClearErrors() throws {
        let notPcap = try PcapWriter.write(Array("this is not a capture file at all".utf8), named: "x.pcap")
        #expect {
            _ = try CaptureReader(path: notPcap)
        } throws: { error in
            guard case .cannotOpen(let path, let reason) = error as? CaptureError else { return false }
            return path == notPcap && !reason.isEmpty && "\(error)".contains("Give a .pcap")
        }
        #expect(throws: CaptureError.self) { _ = try CaptureReader(path: "/nonexistent/camaudit.pcap") }

        // A file cut in the middle of its third record: two packets delivered, then readFailed.
        let whole = cameraCapture()
        let firstTwoEnd = 24 + recordEnd(Array(whole.bytes[24...]), count: 2)
        let truncatedPath = try PcapWriter.write(Array(whole.bytes[..<(firstTwoEnd + 30)]), named: "truncated.pcap")
        let reader = try CaptureReader(path: truncatedPath)
        var seen = 0
        #expect {
            try reader.forEachPacket { _ in seen += 1 }
        } throws: { error in
            guard case .readFailed(_, let after, _) = error as? CaptureError else { return false }
            return after == 2
        }
        #expect(seen == 2)
    }

    @Test func unknownLinkTypeIsAClearError() throws {
        var wifi = PcapWriter(linkType: 105)  // IEEE 802.11
        wifi.add([0x80, 0, 0, 0], at: 0)
        let path = try wifi.write(named: "wifi.pcap")
        #expect {
            _ = try CaptureReader(path: path)
        } throws: { error in
            guard case .unsupportedLinkType(_, 105, let name) = error as? CaptureError else { return false }
            return name == "IEEE802_11" && "\(error)".contains("does not decode")
        }
    }

    @Test func flowTableMemoryIsBoundedByFlows() {
        typealias F = FrameBuilder
        var table = FlowTable(maximumFlows: 2)
        let decoder = PacketDecoder(linkType: .rawIPv4)
        for port in 0..<5 {
            let frame = F.ipv4(source: F.camera, destination: F.broker, protocolNumber: 17, F.udp(41000 + port, 32100, F.cs2Hello))
            frame.withUnsafeBytes { table.add(frame: $0, timestamp: Double(port), decoder: decoder) }
        }
        #expect(table.flows.count == 2)
        #expect(table.untrackedPackets == 3)
        #expect(table.untrackedBytes == 3 * (20 + 8 + 4))
    }
}

/// The byte length of the first `count` records in a pcap body (after the 24-byte global header).
private func recordEnd(_ body: [UInt8], count: Int) -> Int {
    var offset = 0
    for _ in 0..<count {
        let captured = Int(body[offset + 8]) | Int(body[offset + 9]) << 8 | Int(body[offset + 10]) << 16 | Int(body[offset + 11]) << 24
        offset += 16 + captured
    }
    return offset
}
