import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

/// One record as a reader handed it over, bytes copied out of the callback.
private struct Seen: Equatable {
    var index: Int
    var timestamp: Double
    var capturedLength: Int
    var originalLength: Int
    var bytes: [UInt8]

    init(_ packet: CapturedPacket) {
        index = packet.index
        timestamp = packet.timestamp
        capturedLength = packet.capturedLength
        originalLength = packet.originalLength
        bytes = Array(packet.bytes)
    }
}

/// `count` UDP and TCP frames of many sizes between a few hosts, each way, some cut by the snapshot length.
private func mixedCapture(count: Int, snapshotLength: UInt32 = 1_200) -> PcapWriter {
    typealias F = FrameBuilder
    var writer = PcapWriter(linkType: 1, snapshotLength: snapshotLength)
    let hosts: [[UInt8]] = [F.camera, F.cloud, F.broker, [192, 168, 1, 65]]
    for index in 0..<count {
        let source = hosts[index % hosts.count], destination = hosts[(index / 3 + 1 + index) % hosts.count]
        let payload = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: (index * 37) % 1_460)
        let transport =
            index % 2 == 0
            ? F.udp(40_000 + index % 5, 32_100, payload)
            : F.tcp(50_000 + index % 3, 443, flags: 0x18, sequence: UInt32(index), payload)
        let ip = F.ipv4(source: source, destination: destination, protocolNumber: index % 2 == 0 ? 17 : 6, transport)
        writer.add(F.ethernet(source: F.cameraMAC, destination: F.routerMAC, ip), at: 1_700_000_000 + Double(index) / 1_000)
    }
    return writer
}

/// The records the one-thread loop gives (a deadline keeps a file on that loop), and its error.
private func directRead(_ path: String) throws -> (records: [Seen], error: String?, offset: Int?) {
    let reader = try CaptureReader(path: path)
    var records: [Seen] = []
    do { try reader.forEachPacket(until: .now + .seconds(3_600)) { records.append(Seen($0)) } } catch {
        return (records, error.description, reader.damagedRecordOffset)
    }
    return (records, nil, reader.damagedRecordOffset)
}

private func readAhead(_ path: String, batchBytes: Int) throws -> (records: [Seen], error: String?, offset: Int?) {
    let reader = try CaptureReader(path: path)
    var records: [Seen] = []
    do { try reader.forEachPacketReadingAhead(batchBytes: batchBytes) { records.append(Seen($0)) } } catch {
        return (records, error.description, reader.damagedRecordOffset)
    }
    return (records, nil, reader.damagedRecordOffset)
}

@Suite("Reading a capture file ahead on a second thread")
struct ReadAheadTests {
    /// Batch sizes below one frame (every batch grows), of a few frames, and the real default.
    static let batchSizes = [100, 4_000, ReadAhead.batchBytes]

    @Test(arguments: batchSizes)
    func readAheadGivesTheRecordsTheOneThreadLoopGives(batchBytes: Int) throws {
        let path = try mixedCapture(count: 3_000).write(named: "mixed.pcap")
        let direct = try directRead(path)
        let ahead = try readAhead(path, batchBytes: batchBytes)
        #expect(direct.records.count == 3_000)
        #expect(direct.error == nil && ahead.error == nil)
        #expect(ahead.records == direct.records)
    }

    @Test(arguments: batchSizes)
    func aDamagedRecordStopsBothTheSameWay(batchBytes: Int) throws {
        let whole = mixedCapture(count: 2_000).bytes
        let path = try PcapWriter.write(Array(whole.prefix(whole.count * 2 / 3 + 5)), named: "cut.pcap")
        let direct = try directRead(path)
        let ahead = try readAhead(path, batchBytes: batchBytes)
        #expect(direct.error != nil && direct.offset != nil)
        #expect(ahead.records == direct.records)
        #expect(ahead.error == direct.error)
        #expect(ahead.offset == direct.offset)
    }

    @Test func aStopEndsAfterThePacketInHandAsTheOneThreadLoopDoes() throws {
        let path = try mixedCapture(count: 3_000).write(named: "stop.pcap")
        for (stopAt, batchBytes) in [(0, 4_000), (1_234, 4_000), (2_999, ReadAhead.batchBytes)] {
            let reader = try CaptureReader(path: path)
            let stopper = reader.makeStopper()
            var seen = 0
            try reader.forEachPacketReadingAhead(batchBytes: batchBytes) { packet in
                seen += 1
                if packet.index == stopAt { stopper.stop() }
            }
            let direct = try CaptureReader(path: path)
            let directStopper = direct.makeStopper()
            var directSeen = 0
            try direct.forEachPacket(until: .now + .seconds(3_600)) { packet in
                directSeen += 1
                if packet.index == stopAt { directStopper.stop() }
            }
            #expect(seen == stopAt + 1)
            #expect(seen == directSeen)
        }
    }

    @Test func flowsFromReadAheadMatchFlowsFedPacketByPacket() throws {
        let path = try mixedCapture(count: 3_000).write(named: "flows.pcap")
        var fromFile = FlowTable()
        try fromFile.add(capture: try CaptureReader(path: path))
        var oneByOne = FlowTable()
        let decoder = PacketDecoder(linkType: .ethernet)
        for record in try directRead(path).records {
            record.bytes.withUnsafeBytes { oneByOne.add(frame: $0, timestamp: record.timestamp, decoder: decoder) }
        }
        #expect(fromFile.packets == 3_000)
        #expect(fromFile.flows == oneByOne.flows)
        #expect(fromFile.skipped == oneByOne.skipped)
    }

    /// The recent-flow shortcut answers what the index answers: a TCP tuple that is its own reverse,
    /// first seen as a SYN-ACK (so the flow starts server to client), is forward from its second packet.
    @Test func aTupleThatIsItsOwnReverseKeepsTheIndexAnswer() throws {
        typealias F = FrameBuilder
        var writer = PcapWriter(linkType: 1)
        let host = F.camera
        for (index, flags) in [UInt8(0x12), 0x10, 0x18, 0x10].enumerated() {
            let ip = F.ipv4(source: host, destination: host, protocolNumber: 6, F.tcp(7_000, 7_000, flags: flags, [1, 2, 3]))
            writer.add(F.ethernet(source: F.cameraMAC, destination: F.cameraMAC, ip), at: 10 + Double(index))
        }
        var table = FlowTable()
        try table.add(capture: try CaptureReader(path: try writer.write(named: "self.pcap")))
        let flow = try #require(table.flows.first)
        #expect(table.flows.count == 1)
        // The first packet opened the flow the other way (a SYN-ACK comes from the server); the index then
        // matches every later packet forward, as it did before the shortcut existed.
        #expect(flow.packetsDown == 1 && flow.packetsUp == 3)
    }
}
