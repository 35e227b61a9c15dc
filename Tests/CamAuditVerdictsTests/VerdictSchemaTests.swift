import CamAuditCore
import CamAuditTestSupport
import Foundation
import Testing
import CamAuditVerdicts

@Suite("Verdicts in the JSON schema")
struct VerdictSchemaTests {
    @Test func aReportWithVerdictsValidatesAndABrokenGroupDoesNot() throws {
        let engine = try VerdictEngine.bundled()
        var exposed = HandBuiltDevices.hikvisionBySADP
        exposed.findings = [
            RiskAndPlanTests.kevCritical, RiskAndPlanTests.defaultPassword,
            HandBuiltDevices.finding(
                "internet-exposed", severity: .critical, kind: .exposure, evidence: ["TCP 80 mapped to external port 8080"]),
        ]
        let report = engine.apply(
            to: HandBuiltDevices.report([
                exposed, HandBuiltDevices.ltsLabelled, HandBuiltDevices.dahuaByMAC, HandBuiltDevices.axis, HandBuiltDevices.unknownMaker,
            ]))
        let data = try ReportCoding.makeEncoder(pretty: false).encode(report)
        #expect(try SchemaValidator.validate(data, schema: RepositoryFiles.reportSchema) == nil)
        #expect(try ReportCoding.makeDecoder().decode(ScanReport.self, from: data) == report)

        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var plan = try #require(object["plan"] as? [String: Any])
        var entries = try #require(plan["entries"] as? [[String: Any]])
        entries[0]["group"] = "ignore"
        plan["entries"] = entries
        object["plan"] = plan
        let complaint = try SchemaValidator.validate(
            try JSONSerialization.data(withJSONObject: object), schema: RepositoryFiles.reportSchema)
        #expect(complaint?.contains("ignore") == true)
    }
}
