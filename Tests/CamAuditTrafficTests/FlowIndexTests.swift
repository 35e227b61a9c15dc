import CamAuditCore
import Testing

@testable import CamAuditTraffic

@Suite("FlowIndex: one probe sequence for both directions")
struct FlowIndexTests {
    static func key(_ client: IPAddress, _ clientPort: UInt16, _ server: IPAddress, _ serverPort: UInt16, _ transport: TransportProtocol = .tcp) -> FlowKey {
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
            let key = Self.key(.v4(0x0A00_0000 | UInt32(number % 7)), UInt16(1024 + number), .v4(0x0A00_0001), UInt16(number % 3 == 0 ? 80 : 443))
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
