import CamAuditCore
import Foundation
import CamAuditTestSupport
import Testing
@testable import CamAuditReports

/// A fixed scan: the golden files below are this scan rendered.
enum FixedScan {
    static var report: ScanReport {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let hikvision = Identity(
            manufacturer: "Hikvision", brand: "LTS", model: "DS-2CD2385G1-I", firmware: "V5.5.800 build 210628", deviceType: .camera,
            confidence: 0.9912,
            evidence: [
                Evidence(fingerprint: "hikvision.isapi.sessionlogincap", field: .hikvisionISAPI, value: "<SessionLoginCap version=\"2.0\" xmlns=\"http://www.std-cgi.com/ver20/XMLSchema\">",
                         port: 80, probe: "GET /ISAPI/Security/sessionLogin/capabilities?username=admin", claims: ["manufacturer": "Hikvision"], weight: 0.95),
                Evidence(fingerprint: "lts.http.title", field: .httpTitle, value: "LTS Network Camera", port: 80, probe: "GET /", claims: ["brand": "LTS"], weight: 0.6),
            ],
            conflicts: [Conflict(attribute: "manufacturer", chosen: "Hikvision", rejected: ["Generic"])])
        let dahua = Identity(manufacturer: "Dahua", model: "IPC-HFW2228M-I1-V2", deviceType: .camera, confidence: 0.9)
        let devices = [
            DeviceReport(address: IPAddress("127.42.0.3")!, ports: [PortService(port: 80, service: "http", detail: "no Server header"), PortService(port: 554, service: "rtsp")],
                         identity: hikvision, observations: [Observation(field: .httpTitle, value: "LTS Network Camera", port: 80, probe: "GET /")]),
            DeviceReport(address: IPAddress("127.42.0.2")!, ports: [PortService(port: 37777, service: "dahua-dvrip")], identity: dahua,
                         notes: ["port 80: no answer within 3 s"]),
            DeviceReport(address: IPAddress("::1")!, ports: [PortService(port: 8080, service: "http", detail: "nginx/1.22.1")],
                         identity: Identity(deviceType: .other, confidence: 0.8)),
        ]
        let metadata = ScanMetadata(
            id: "20261121T101010-1a2b3c", version: "0.1.0", startedAt: start, finishedAt: start.addingTimeInterval(12.5),
            targets: ["127.42.0.0/24", "::1"], exclusions: ["127.42.0.1"], ports: [80, 554, 8080, 37777], addressesScanned: 256,
            probesSent: 1024, status: "completed", notes: ["1 host answered slowly"])
        return ScanReport(scan: metadata, devices: devices)
    }
}

@Suite("Reports")
struct ReportTests {
    static let golden = Bundle.module.resourceURL!.appendingPathComponent("Golden")
    static let repositoryRoot = RepositoryFiles.root

    func compare(_ rendered: Data, golden name: String) throws {
        if ProcessInfo.processInfo.environment["CAMAUDIT_UPDATE_GOLDEN"] == "1" {
            let source = Self.repositoryRoot.appendingPathComponent("Tests/CamAuditReportsTests/Golden/\(name)")
            try rendered.write(to: source)
        }
        let expected = try Data(contentsOf: Self.golden.appendingPathComponent(name))
        #expect(String(decoding: rendered, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(name) differs from its golden file; run with CAMAUDIT_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test func jsonMatchesGoldenFile() throws {
        try compare(try JSONReport.encode(FixedScan.report), golden: "scan.json")
    }

    @Test func tableMatchesGoldenFile() throws {
        try compare(Data(TableReport().render(FixedScan.report).utf8), golden: "scan.table.txt")
    }

    @Test func jsonRoundTrips() throws {
        let decoded = try JSONReport.decode(try JSONReport.encode(FixedScan.report))
        #expect(decoded.devices.map(\.address) == FixedScan.report.devices.map(\.address))
        #expect(decoded.devices[1].brand == "LTS")
        #expect(decoded.scan == FixedScan.report.scan)
    }

    @Test func devicesAreOrderedByAddress() {
        #expect(FixedScan.report.devices.map(\.address.description) == ["127.42.0.2", "127.42.0.3", "::1"])
    }

    @Test func tableCanHideNonCameras() {
        let table = TableReport(includeNonCameras: false).render(FixedScan.report)
        #expect(table.contains("127.42.0.3"))
        #expect(!table.contains("nginx"))
        #expect(!table.split(separator: "\n").contains { $0.hasPrefix("::1") })
    }

    @Test func tableNeutralisesControlCharactersFromDevices() {
        var report = FixedScan.report
        report.devices[0].model = "EVIL\u{1b}[2J\nMODEL"
        let table = TableReport().render(report)
        #expect(!table.contains("\u{1b}"))
        #expect(table.contains("EVIL[2J MODEL"))
    }

    /// The schema is checked with a real JSON Schema validator (Python's `jsonschema`, installed by
    /// `scripts/setup`), against the golden report and against a report that breaks it.
    @Test func jsonSchemaAcceptsRealOutputAndRejectsBrokenOutput() throws {
        let schema = Self.repositoryRoot.appendingPathComponent("schema/scan-report.schema.json")
        let good = try JSONReport.encode(FixedScan.report)
        #expect(try SchemaValidator.validate(good, schema: schema) == nil)
        var object = try JSONSerialization.jsonObject(with: good) as! [String: Any]
        var devices = object["devices"] as! [[String: Any]]
        devices[0]["deviceType"] = "toaster"
        object["devices"] = devices
        let bad = try JSONSerialization.data(withJSONObject: object)
        let complaint = try SchemaValidator.validate(bad, schema: schema)
        #expect(complaint?.contains("toaster") == true)
    }
}

