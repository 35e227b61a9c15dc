import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

/// `TrafficAudit`, the pipeline `camaudit traffic` and the demo share: the committed home-LAN capture
/// read through libpcap, the test GeoIP database applied before the findings are written, a saved
/// scan's inventory deciding the hosts, and a cut capture kept with a note.
@Suite("Traffic audit pipeline")
struct TrafficAuditTests {
    static func committed(_ name: String) throws -> String { try CommittedCaptureTests.committed(name).path }

    @Test func geoIPIsInTheFindingsWrittenOnce() throws {
        let audit = try TrafficAudit(geoipPaths: [try Self.committed("test-geo.mmdb")])
        let result = try audit.run(.file(try Self.committed("home-lan.pcap")))
        #expect(result.captureName == "home-lan.pcap" && result.readError == nil)
        #expect(result.geoipDatabases?.count == 1 && result.geoipLookupErrors == 0)
        let camera = try #require(result.devices.first { $0.address == IPAddress("192.168.1.64") })
        let relay = try #require(camera.destinations.first { $0.address == IPAddress("203.0.113.10") })
        #expect(relay.geo?.countryCode == "CN")
        let upload = try #require(camera.findings.first { $0.id == "video-upload" })
        #expect(upload.evidence.first?.contains("[CN, AS64500") == true, "the finding's evidence names the country and network")

        // Without GeoIP the same capture gives the same findings, minus the places.
        let plain = try TrafficAudit().run(.file(try Self.committed("home-lan.pcap")))
        #expect(plain.geoipDatabases == nil)
        #expect(plain.devices.map(\.address) == result.devices.map(\.address))
        #expect(plain.devices.flatMap { $0.findings.map(\.id) } == result.devices.flatMap { $0.findings.map(\.id) })
        #expect(!plain.devices.contains { $0.destinations.contains { $0.geo != nil } })
    }

    @Test func aSavedScanDecidesTheHostsAndTakesTheFindings() throws {
        let camera = DeviceReport(
            address: IPAddress("192.168.1.64")!, ports: [PortService(port: 554, service: "rtsp")],
            identity: Identity(manufacturer: "Hikvision", deviceType: .camera, confidence: 0.9))
        let start = Date(timeIntervalSince1970: 2_000_000_000)
        let scan = ScanReport(
            scan: ScanMetadata(
                id: "traffic-audit", version: "test", startedAt: start, finishedAt: start, targets: ["192.168.1.0/24"],
                exclusions: [], ports: [554], addressesScanned: 256, probesSent: 256, status: .completed),
            devices: [camera])
        let result = try TrafficAudit().run(.file(try Self.committed("home-lan.pcapng")), inventory: ScanInventory(report: scan))
        #expect(result.devices.map(\.address) == [camera.address], "only the scan's devices are reported")
        #expect(result.talkingVideoDevices == [camera.address])
        let joined = try result.joined(into: scan)
        let findings = Set(joined.devices[0].findings.map(\.id))
        #expect(findings.isSuperset(of: ["video-upload", "phone-home-cloud"]), "\(findings)")
        #expect(joined.devices[0].risk != nil, "the verdicts and risk scores are computed again")
        #expect(joined.scan.trafficCaptures == ["home-lan.pcapng: 1 device(s) reported, \(result.findingCount) phone-home finding(s)"])
    }

    @Test func aCaptureWithNoPacketThrowsAndACutOneIsKeptWithANote() throws {
        #expect(throws: CaptureError.self) { _ = try TrafficAudit().run(.file(try Self.committed("test-geo.mmdb"))) }
        let bytes = HomeNetworkCapture.pcapng().bytes
        let path = try PcapWriter.write(Array(bytes.dropLast(3)), named: "audit-tail.pcapng")
        let result = try TrafficAudit().run(.file(path))
        #expect(result.table.packets == HomeNetworkCapture.records().count - 1)
        #expect(result.readError?.contains("damaged") == true, "\(result.readError ?? "no note")")
    }

    @Test func firewallSettingsAreCheckedBeforeTheCameras() throws {
        #expect(throws: FirewallRuleSetError.lanPrefixNotPrivate(NetworkPrefix("0.0.0.0/0")!)) {
            _ = try FirewallSettings(lanPrefixes: ["0.0.0.0/0"], ntpServer: nil, nvr: nil)
        }
        #expect(throws: FirewallRuleSetError.notAnAddress(role: "NTP server", text: "pool.ntp.org")) {
            _ = try FirewallSettings(lanPrefixes: ["192.168.1.0/24"], ntpServer: "pool.ntp.org", nvr: nil)
        }
        let settings = try FirewallSettings(lanPrefixes: ["192.168.1.0/24"], ntpServer: "192.168.1.1", nvr: "192.168.1.10")
        #expect(throws: FirewallRuleSetError.noCameras) { _ = try settings.rules(cameras: []) }
        #expect(try settings.rules(cameras: [IPAddress("192.168.1.64")!]).cameras == [IPAddress("192.168.1.64")!])
    }
}
