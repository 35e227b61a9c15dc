import CamAuditCore
import Testing

@testable import CamAuditTraffic

@Suite("DNS over TCP")
struct DNSOverTCPTests {
    typealias F = FrameBuilder

    static func framed(_ message: [UInt8]) -> [UInt8] { F.be16(message.count) + message }

    static let first = F.dnsResponse(id: 1, name: "cam.io", alias: "e.io", address: [203, 0, 113, 10])
    static let second = F.dnsResponse(id: 2, name: "p2p.example.com", alias: "edge.example-cdn.net", address: [198, 51, 100, 7])

    /// A camera's resolver connection: SYN, SYN-ACK, the queries, then the server's answers cut at `cuts`.
    static func table(serverStream: [UInt8], cuts: [Int], synSequence: UInt32 = 70_000) throws -> FlowTable {
        var script = CaptureScript(server: F.resolver, serverPort: 53)
        script.tcpUp(flags: 0x02, sequence: 10)
        script.tcpDown(flags: 0x12, sequence: synSequence)
        script.tcpUp(sequence: 11, framed(F.dnsQuery(id: 1, name: "cam.io")) + framed(F.dnsQuery(id: 2, name: "p2p.example.com")))
        let bounds = [0] + cuts + [serverStream.count]
        for (start, end) in zip(bounds, bounds.dropFirst()) where end > start {
            script.tcpDown(sequence: synSequence &+ 1 &+ UInt32(start), Array(serverStream[start..<end]))
        }
        return try script.table()
    }

    @Test func twoAnswersSplitAcrossSegmentsFeedTheNameMap() throws {
        let stream = Self.framed(Self.first) + Self.framed(Self.second)
        // Cut inside the first length prefix, inside the first answer, and between prefix and body.
        let table = try Self.table(serverStream: stream, cuts: [1, 30, Self.first.count + 3])
        #expect(table.name(for: IPAddress("203.0.113.10")!) == "cam.io")
        #expect(table.name(for: IPAddress("198.51.100.7")!) == "p2p.example.com")
        #expect(table.malformedDNS == 0)
        #expect(table.flows.count == 1 && table.flows[0].key.transport == .tcp)
    }

    @Test func byteByByteTheAnswerStillArrives() throws {
        let stream = Self.framed(Self.first)
        let table = try Self.table(serverStream: stream, cuts: Array(1..<stream.count), synSequence: UInt32.max - 20)
        #expect(table.name(for: IPAddress("203.0.113.10")!) == "cam.io")
    }

    @Test func everyTruncationLearnsNothingAndCountsNothingMalformed() throws {
        let stream = Self.framed(Self.first)
        for length in 0..<stream.count {
            let table = try Self.table(serverStream: Array(stream.prefix(length)), cuts: [])
            #expect(table.names.isEmpty && table.malformedDNS == 0, "length \(length)")
        }
    }

    @Test func junkAndOversizedMessagesAreBounded() throws {
        // A length prefix larger than the window: the search stops instead of buffering 64 KiB.
        let oversized = try Self.table(serverStream: [0xFF, 0xFF] + [UInt8](repeating: 1, count: 100), cuts: [])
        #expect(oversized.flows[0].inspectionFinished && oversized.flows[0].inspection == nil)
        // A complete message that is not DNS is counted as malformed, like a bad UDP answer.
        let junk = try Self.table(serverStream: Self.framed([1, 2, 3]), cuts: [])
        #expect(junk.malformedDNS == 1 && junk.names.isEmpty)
    }
}
