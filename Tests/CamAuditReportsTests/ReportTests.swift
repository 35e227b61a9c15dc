import CamAuditCore
import Foundation
import CamAuditTestSupport
import Testing
@testable import CamAuditReports

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
        #expect(
            String(decoding: rendered, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
            "\(name) differs from its golden file; run with CAMAUDIT_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test func jsonMatchesGoldenFile() throws {
        try compare(try JSONReport.encode(FixedScan.report), golden: "scan.json")
    }

    /// The assessed scan carries findings, compliance verdicts, risk scores and a plan.
    @Test func assessedJSONMatchesGoldenFileAndSchema() throws {
        let json = try JSONReport.encode(FixedScan.assessed)
        try compare(json, golden: "scan.assessed.json")
        #expect(
            try SchemaValidator.validate(json, schema: Self.repositoryRoot.appendingPathComponent("schema/scan-report.schema.json")) == nil)
        let decoded = try JSONReport.decode(json)
        #expect(decoded.plan == FixedScan.assessed.plan)
        #expect(decoded.devices.map(\.compliance) == FixedScan.assessed.devices.map(\.compliance))
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
