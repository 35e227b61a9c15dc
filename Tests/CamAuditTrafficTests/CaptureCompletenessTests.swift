import Foundation
import Testing

@testable import CamAuditTraffic

/// A capture cut short says so: the packets before the damage are analysed, and the result (and the JSON
/// report) carries `complete: false` with the record where the damage starts and libpcap's reason.
@Suite("Capture completeness")
struct CaptureCompletenessTests {
    /// Where each record of a little-endian classic pcap file starts: after the 24-byte file header,
    /// each record is a 16-byte header whose third field (bytes 8-11) is the captured length.
    static func recordStarts(_ bytes: [UInt8]) -> [Int] {
        var starts: [Int] = []
        var offset = 24
        while offset + 16 <= bytes.count {
            starts.append(offset)
            let length = (0..<4).reduce(0) { $0 | Int(bytes[offset + 8 + $1]) << (8 * $1) }
            offset += 16 + length
        }
        return starts
    }

    static func homeLAN() throws -> [UInt8] {
        let data = try Data(contentsOf: CommittedCaptureTests.committed("home-lan.pcap"))
        #expect(Array(data.prefix(4)) == [0xD4, 0xC3, 0xB2, 0xA1], "the committed capture is little-endian pcap")
        return Array(data)
    }

    static func cut(_ bytes: [UInt8], at length: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-cut-\(length)-\(UUID().uuidString).pcap").path
        try Data(bytes.prefix(length)).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func theWholeCaptureIsComplete() throws {
        let result = try TrafficAudit().run(.file(try CommittedCaptureTests.committed("home-lan.pcap").path))
        #expect(result.completeness == .complete && result.report.captureStatus.complete)
        #expect(result.readError == nil)
    }

    /// Cut inside the header of record k (k = 1, half-way, the last): k packets analysed, the damage at that record's start.
    @Test func aCutCaptureSaysWhereAndKeepsThePacketsBefore() throws {
        let bytes = try Self.homeLAN()
        let starts = Self.recordStarts(bytes)
        #expect(starts.count == 89, "the committed capture's record count")
        for k in [1, starts.count / 2, starts.count - 1] {
            for into in [5, 16 + 3] {  // inside the record header, then inside its data
                let path = try Self.cut(bytes, at: starts[k] + into)
                defer { try? FileManager.default.removeItem(atPath: path) }
                let result = try TrafficAudit().run(.file(path))
                #expect(result.table.packets == k)
                let status = result.report.captureStatus
                #expect(
                    !status.complete && status.packetIndex == k && status.byteOffset == starts[k], "cut at \(starts[k] + into): \(status)")
                #expect(status.reason?.isEmpty == false)
                let note = try #require(result.readError)
                #expect(
                    note.contains("damaged after \(k) packet") && note.contains("before the damage w")
                        && note.contains("analysed, the rest of the file was not"), "\(note)")
            }
        }
    }

    @Test func aCaptureDamagedBeforeItsFirstPacketSaysNoPacketCouldBeRead() throws {
        let path = try Self.cut(try Self.homeLAN(), at: 24 + 7)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try TrafficAudit().run(.file(path))
        } throws: { error in
            guard case .readFailed(_, 0, _) = error as? CaptureError else { return false }
            let text = "\(error)"
            return text.contains("no packet could be read") && !text.contains("before")
        }
    }
}
