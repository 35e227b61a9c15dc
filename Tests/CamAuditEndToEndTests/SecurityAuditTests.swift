import CamAuditCatalog
import CamAuditChecks
import CamAuditCore
import CamAuditLab
import CamAuditReports
import CamAuditScanner
import CamAuditIdentification
import CamAuditTraffic
import CamAuditTestSupport
import CamAuditVerdicts
import Foundation
import Testing

/// Full audits (identification and every check) of lab devices, scored against what each profile planted.
@Suite("Security audit end to end", .serialized)
struct SecurityAuditTests {
    static func audit(profiles: [String]? = nil, options: CheckOptions) async throws -> (ScanReport, Lab) {
        let (report, lab, _) = try await LabSession.scan(profiles: profiles, components: .all, deadline: .seconds(90)) {
            $0.checks = options
        }
        return (report, lab)
    }

    @Test func safeAuditOfTheWholeLabFindsEveryPlantedFindingAndNothingElse() async throws {
        let (report, lab) = try await Self.audit(
            options: CheckOptions(stepTimeout: LabSession.scaled(.seconds(1)), loginPause: .milliseconds(20)))
        let score = FindingScorecard(report: report, devices: lab.devices, intrusive: false)
        for error in score.errors {
            Issue.record("\(error.falsePositive ? "false positive" : "missed") \(error.id) on \(error.profile) (\(error.address))")
        }
        #expect(score.total.truePositives >= 50)
        let activity = lab.totalActivity
        #expect(activity.lockouts == 0)
        #expect(activity.intrusiveRequests == 0)
        #expect(activity.loginAttempts > 0, "default passwords were tried")
        let checks = try #require(report.scan.checks)
        #expect(checks.mode == .safe)
        #expect(checks.intrusiveRequests.isEmpty)
        #expect(!checks.portMappings.isEmpty, "the lab router's mappings are listed")
        // The honeypot answers 200 to everything: nothing may be decided on it.
        for device in lab.devices where device.profile == "hostile-honeypot" {
            #expect(report.devices.first { $0.address == device.address }?.findings.isEmpty ?? true)
        }
        // Found default passwords are redacted; the report validates against the schema with the checks section.
        let json = try JSONReport.encode(report)
        let text = String(decoding: json, as: UTF8.self)
        for secret in ["admin:12345\"", "admin:admin", "admin:123456"] { #expect(!text.contains(secret)) }
        #expect(try SchemaValidator.validate(json, schema: RepositoryFiles.reportSchema) == nil)
        // Verdicts: every Hikvision or Dahua firmware is covered by NDAA 889 and planned for replacement.
        let plan = try #require(report.plan)
        for device in report.devices where device.manufacturer == "Hikvision" || device.manufacturer == "Dahua" {
            #expect(device.compliance?.first { $0.ruleSet == "ndaa-889" }?.status == .covered, "\(device.address)")
            #expect(plan.entries.first { $0.address == device.address }?.group == .replaceNow, "\(device.address)")
        }
        for device in report.devices where device.manufacturer == "Axis" {
            #expect(device.compliance?.allSatisfy { $0.status == .notCovered } == true)
        }
        try trafficJoinsThePlantedPhoneHomeFindings(report, lab)
    }

    /// The lab's phone-home capture, written through libpcap, read back and attributed by this scan: the
    /// planted phone-home findings join the devices, nothing else does, and the report still validates.
    func trafficJoinsThePlantedPhoneHomeFindings(_ report: ScanReport, _ lab: Lab) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-lab-\(UUID().uuidString).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let phone = lab.address(254)
        try LabTrafficCapture.write(devices: lab.devices, phone: phone, to: path)
        let audit = try TrafficAudit()
        let result = try audit.run(.file(path), inventory: ScanInventory(report: report))
        #expect(result.readError == nil && result.table.packets > 0)
        #expect(!result.devices.contains { $0.address == phone }, "the phone is not in the scan, so it is not reported")
        let joined = try result.joined(into: report)
        #expect(joined.scan.trafficCaptures?.first?.hasPrefix(result.captureName + ":") == true)
        let score = FindingScorecard(report: joined, devices: lab.devices, intrusive: false, traffic: true)
        for error in score.errors {
            Issue.record("traffic: \(error.falsePositive ? "false positive" : "missed") \(error.id) on \(error.profile) (\(error.address))")
        }
        #expect(score.tallies["video-upload"]?.truePositives == 1 && score.tallies["phone-home-p2p"]?.truePositives == 3)
        let ezviz = try #require(joined.devices.first { $0.address == lab.devices.first { $0.profile == "ezviz-ipc" }?.address })
        #expect(ezviz.risk?.items.contains { $0.source == "video-upload" } == true, "the risk score counts the upload")
        #expect(try SchemaValidator.validate(try JSONReport.encode(joined), schema: RepositoryFiles.reportSchema) == nil)
        // Without the scan the capture alone must not take the phone running the app for a camera.
        let alone = audit.analyse(result.table, captureName: result.captureName).devices
        #expect(alone.first { $0.address == phone }?.attribution.role == .client)
    }

    @Test func intrusiveAuditFindsTheDahuaBypassAndLogsEveryIntrusiveRequest() async throws {
        let profiles = ["vuln-dahua-33044", "vuln-dahua-33044-patched", "hostile-honeypot", "dahua-ipc"]
        let (report, lab) = try await Self.audit(
            profiles: profiles,
            options: CheckOptions(intrusive: true, stepTimeout: .seconds(1), loginPause: .milliseconds(20)))
        let score = FindingScorecard(report: report, devices: lab.devices, intrusive: true)
        #expect(score.errors.isEmpty, "\(score.errors)")
        let vulnerable = try #require(report.devices.first { $0.address == lab.devices[0].address })
        #expect(vulnerable.findings.contains { $0.id == "CVE-2021-33044" && $0.decidedBy.rawValue.contains("intrusive-probe") })
        let checks = try #require(report.scan.checks)
        #expect(checks.mode == .intrusive)
        // Every intrusive request the lab received is in the report's log, and nothing got locked.
        #expect(checks.intrusiveRequests.count == lab.totalActivity.intrusiveRequests)
        #expect(lab.totalActivity.intrusiveRequests > 0)
        #expect(lab.totalActivity.lockouts == 0)
        #expect(try SchemaValidator.validate(try JSONReport.encode(report), schema: RepositoryFiles.reportSchema) == nil)
    }

    @Test func revealSecretsPrintsTheFoundPassword() async throws {
        let (report, _) = try await Self.audit(
            profiles: ["cred-dahua-default"],
            options: CheckOptions(revealSecrets: true, stepTimeout: .seconds(1), loginPause: .milliseconds(20)))
        let finding = try #require(report.devices.first?.findings.first { $0.id == "default-credentials" })
        #expect(finding.evidence.contains { $0.contains("admin:admin") })
        #expect(report.scan.checks?.secretsRevealed == true)
    }
}
