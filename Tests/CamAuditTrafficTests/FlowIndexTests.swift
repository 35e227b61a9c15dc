import Foundation
import CamAuditCore
import Testing

@testable import CamAuditTraffic

@Suite("FlowIndex: one probe sequence for both directions")
struct FlowIndexTests {
    static func key(
        _ client: IPAddress, _ clientPort: UInt16, _ server: IPAddress, _ serverPort: UInt16, _ transport: TransportProtocol = .tcp
    ) -> FlowKey {
        FlowKey(transport: transport, client: client, clientPort: clientPort, server: server, serverPort: serverPort)
    }

    @Test func bothDirectionsHashAlikeAndAreTold() {
        let forward = Self.key(.v4(0xC0A8_0140), 50_000, .v4(0xCB00_710A), 443)
        #expect(FlowIndex.hash(forward) == FlowIndex.hash(forward.reversed))
        let v6 = Self.key(.v6(high: 0x2001_0DB8_0000_0001, low: 2), 40_000, .v6(high: 0x2001_0DB8_0000_0002, low: 1), 53, .udp)
        #expect(FlowIndex.hash(v6) == FlowIndex.hash(v6.reversed))
        var flows = [Flow(key: forward, firstSeen: 0), Flow(key: v6, firstSeen: 0)]
        var index = FlowIndex(capacity: 1)
        index.insert(position: 0, in: flows)
        index.insert(position: 1, in: flows)
        #expect(index.find(forward, in: flows)?.position == 0 && index.find(forward, in: flows)?.fromClient == true)
        #expect(index.find(forward.reversed, in: flows)?.fromClient == false)
        #expect(index.find(v6.reversed, in: flows)?.position == 1)
        // Same endpoints, other transport or other ports: a different conversation.
        #expect(index.find(Self.key(.v4(0xC0A8_0140), 50_000, .v4(0xCB00_710A), 443, .udp), in: flows) == nil)
        #expect(index.find(Self.key(.v4(0xC0A8_0140), 50_001, .v4(0xCB00_710A), 443), in: flows) == nil)
        flows.removeAll()
    }

    @Test func growingKeepsEveryFlowFindable() {
        var flows: [Flow] = []
        var index = FlowIndex(capacity: 4)
        for number in 0..<5_000 {
            // Ports that differ only in the low bits, and swapped endpoints, stress the symmetric mix.
            let key = Self.key(
                .v4(0x0A00_0000 | UInt32(number % 7)), UInt16(1024 + number), .v4(0x0A00_0001), UInt16(number % 3 == 0 ? 80 : 443))
            flows.append(Flow(key: key, firstSeen: 0))
            index.insert(position: flows.count - 1, in: flows)
        }
        #expect(index.count == 5_000)
        for (position, flow) in flows.enumerated() {
            #expect(index.find(flow.key, in: flows)?.position == position)
            #expect(index.find(flow.key.reversed, in: flows)?.fromClient == false)
        }
    }
}

@Suite("FlowTable bounds the name search across flows")
struct InspectionBoundTests {
    @Test func halfSentClientHellosCannotHoldMoreThanTheCap() {
        typealias F = FrameBuilder
        var table = FlowTable(maximumInspectingFlows: 10)
        let decoder = PacketDecoder(linkType: .ethernet)
        let hello = F.clientHello(serverName: "litedev.hik-connect.com")
        func send(_ flow: Int, _ payload: [UInt8], sequence: UInt32) {
            let frame = F.ethernet(
                source: F.cameraMAC, destination: F.routerMAC,
                F.ipv4(
                    source: F.camera, destination: F.cloud, protocolNumber: 6,
                    F.tcp(20_000 + flow, 443, flags: 0x18, sequence: sequence, payload)))
            frame.withUnsafeBytes { table.add(frame: $0, timestamp: 1, decoder: decoder) }
        }
        // 50 flows each send the first 20 bytes of a ClientHello: every one would wait for the rest.
        for flow in 0..<50 { send(flow, Array(hello.prefix(20)), sequence: 1) }
        #expect(table.inspectingFlows == 10)
        #expect(table.uninspectedFlows == 40)
        // The first ten complete their hello: they name the server and free their buffers.
        for flow in 0..<10 { send(flow, Array(hello.dropFirst(20)), sequence: 21) }
        #expect(table.inspectingFlows == 0)
        #expect(table.flows.prefix(10).allSatisfy { $0.serverName == "litedev.hik-connect.com" })
        #expect(table.flows.dropFirst(10).allSatisfy { $0.serverName == nil })
    }
}

@Suite("UTC timestamps in evidence")
struct UTCTimestampTests {
    @Test func calendarArithmeticAgreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        // Epoch, leap days, century and 400-year rules, before 1970, and a capture-like fraction.
        for seconds in [
            0.0, 951_782_400, 951_868_799, 4_107_542_399, 4_107_542_400, 2_000_000_008.7, -1, -86_401, 1_700_000_000, 253_402_300_799,
        ] {
            #expect(UTCTimestamp.text(seconds) == formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down))), "\(seconds)")
        }
        #expect(UTCTimestamp.text(.nan) == "nan")
    }
}
