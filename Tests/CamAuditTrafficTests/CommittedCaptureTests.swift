import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import Foundation
import Testing

@testable import CamAuditTraffic

/// The committed captures (`Captures/home-lan.pcap` and `.pcapng`) are exactly what `HomeNetworkCapture`
/// writes, so each byte stays explained; libpcap reads both formats to the same flows and the same verdicts.
@Suite("Committed captures, pcap and pcapng")
struct CommittedCaptureTests {
    static let names = ["home-lan.pcap", "home-lan.pcapng"]

    static func generated(_ name: String) -> [UInt8] {
        name.hasSuffix(".pcapng") ? HomeNetworkCapture.pcapng().bytes : HomeNetworkCapture.writer().bytes
    }

    static func committed(_ name: String) throws -> URL {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        return try #require(Bundle.module.url(forResource: parts[0], withExtension: parts[1], subdirectory: "Captures"))
    }

    @Test(arguments: names)
    func theCommittedFileIsWhatTheGeneratorWrites(name: String) throws {
        let generated = Self.generated(name)
        if ProcessInfo.processInfo.environment["CAMAUDIT_UPDATE_GOLDEN"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Captures/\(name)")
            try Data(generated).write(to: source)
        }
        let committed = try [UInt8](Data(contentsOf: try Self.committed(name)))
        #expect(committed == generated, "regenerate with CAMAUDIT_UPDATE_GOLDEN=1 swift test --filter CommittedCaptureTests")
        #expect(committed.count < 64_000, "committed captures stay small: \(committed.count) bytes")
    }

    @Test func pcapAndPcapngGiveTheSameFlowsAndVerdicts() throws {
        var tables: [FlowTable] = []
        for name in Self.names {
            let reader = try CaptureReader(path: try Self.committed(name).path)
            #expect(reader.linkType == .ethernet)
            var table = FlowTable()
            try table.add(capture: reader)
            tables.append(table)
        }
        let (pcap, pcapng) = (tables[0], tables[1])
        #expect(pcap.packets == HomeNetworkCapture.records().count && pcapng.packets == pcap.packets)
        #expect(pcap.flows == pcapng.flows, "same keys, counters, times and names from both formats")
        #expect(pcap.names == pcapng.names)
        let analysis = TrafficAnalysis(
            classifier: DestinationClassifier(catalog: try CloudEndpointCatalog.bundled()),
            identifier: Identifier(catalog: try FingerprintCatalog.bundled()), captureName: "home-lan")
        #expect(analysis.devices(in: pcap) == analysis.devices(in: pcapng))
        #expect(analysis.devices(in: pcapng).map(\.attribution.role) == [.client, .videoDevice, .videoDevice, .unknown])
    }

    @Test func aCutPcapngFileIsAClearErrorAndKeepsWhatWasRead() throws {
        let bytes = HomeNetworkCapture.pcapng().bytes
        let total = HomeNetworkCapture.records().count
        // Cut inside the section or interface header: the file cannot be opened, and the error says so.
        for length in [0, 8, 27, 40, 60] {
            let path = try PcapWriter.write(Array(bytes.prefix(length)), named: "head-\(length).pcapng")
            #expect(throws: CaptureError.self, "cut at \(length)") { _ = try CaptureReader(path: path) }
        }
        // Cut inside the last packet block: every earlier packet is kept, and the read ends in an error.
        let path = try PcapWriter.write(Array(bytes.dropLast(3)), named: "tail.pcapng")
        var table = FlowTable()
        #expect(throws: CaptureError.self) { try table.add(capture: try CaptureReader(path: path)) }
        #expect(table.packets == total - 1)
        // Cut in the middle: a prefix of the packets, never more.
        let half = try PcapWriter.write(Array(bytes.prefix(bytes.count / 2)), named: "half.pcapng")
        var partial = FlowTable()
        _ = try? partial.add(capture: try CaptureReader(path: half))
        #expect(partial.packets > 0 && partial.packets < total)
    }
}
