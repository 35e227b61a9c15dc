import CamAuditTestSupport
import Foundation
import Testing

/// `camaudit traffic` on a truncated copy of the committed home-LAN capture: the analysis of the packets
/// before the damage is written, `captureStatus` says where it was cut, and the exit status is 4.
@Suite("camaudit traffic on a damaged capture")
struct DamagedCaptureTests {
    static func cutCopy(length: Int) throws -> String {
        let whole = try Data(contentsOf: TrafficCommandTests.captures.appendingPathComponent("home-lan.pcap"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-damaged-\(length)-\(UUID().uuidString).pcap")
            .path
        try whole.prefix(length).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [2_000, 6_000, 11_000])
    func aCutCaptureIsReportedUpToTheDamageAndExitsFour(length: Int) throws {
        let path = try Self.cutCopy(length: length)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = try CommandLineTests.run(["traffic", path, "--format", "json", "--no-geoip"])
        #expect(outcome.status == 4, "stderr: \(outcome.stderr)")
        #expect(try SchemaValidator.validate(Data(outcome.stdout.utf8), schema: RepositoryFiles.trafficSchema) == nil)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let status = try #require(document["captureStatus"] as? [String: Any])
        let packets = try #require(document["packets"] as? Int)
        #expect(status["complete"] as? Bool == false)
        #expect(status["packetIndex"] as? Int == packets && packets > 0 && packets < 89)
        let offset = try #require(status["byteOffset"] as? Int)
        #expect(offset > 24 && offset < length, "the damaged record starts before the cut")
        #expect(outcome.stderr.contains("damaged after \(packets) packets"))
        #expect(outcome.stderr.contains("the \(packets) packets before the damage were analysed, the rest of the file was not"))
    }

    @Test func theTableSaysWhereTheCaptureWasCut() throws {
        let path = try Self.cutCopy(length: 6_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = try CommandLineTests.run(["traffic", path, "--no-geoip"])
        #expect(outcome.status == 4)
        let line = try #require(
            outcome.stdout.split(separator: "\n").first { $0.hasPrefix("INCOMPLETE CAPTURE:") }, "stdout: \(outcome.stdout)")
        #expect(line.contains("the capture is damaged after ") && line.contains(" at byte "), "\(line)")
        let whole = try CommandLineTests.run([
            "traffic", TrafficCommandTests.captures.appendingPathComponent("home-lan.pcap").path, "--no-geoip",
        ])
        #expect(!whole.stdout.contains("INCOMPLETE CAPTURE"))
    }

    @Test func theWholeCaptureIsCompleteAndExitsZero() throws {
        let path = TrafficCommandTests.captures.appendingPathComponent("home-lan.pcap").path
        let outcome = try CommandLineTests.run(["traffic", path, "--format", "json", "--no-geoip"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect((document["captureStatus"] as? [String: Any])?["complete"] as? Bool == true)
    }

    @Test func aCaptureDamagedBeforeItsFirstPacketSaysNoPacketCouldBeRead() throws {
        let path = try Self.cutCopy(length: 30)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = try CommandLineTests.run(["traffic", path, "--no-geoip"])
        #expect(outcome.status == 4)
        #expect(outcome.stderr.contains("is damaged: no packet could be read"), "stderr: \(outcome.stderr)")
        #expect(!outcome.stderr.contains("Usage:") && !outcome.stderr.contains("after 0 packets"))
    }
}
