import CamAuditCatalog
import CamAuditChecks
import CamAuditCore
import CamAuditLab
import CamAuditScanner
import CamAuditTestSupport
import CamAuditVerdicts
import Foundation
import Testing

/// The verdict engine on a real safe audit of the whole lab, scored against what each profile really is.
@Suite("Verdicts on a lab scan", .serialized)
struct LabVerdictTests {
    static let coveredMakers: Set<String> = ["Hikvision", "Dahua"]

    @Test func coveredMakersAreReplacedAndNothingElseIsCalledCovered() async throws {
        let (scanned, lab, _) = try await LabSession.scan(components: [.versionFindings, .securityChecks], deadline: .seconds(90)) {
            $0.checks = CheckOptions(stepTimeout: LabSession.scaled(.seconds(1)), loginPause: .milliseconds(20))
        }
        let report = try VerdictEngine.bundled().apply(to: scanned)
        let plan = try #require(report.plan)

        var coveredFound = 0, coveredMissed: [String] = [], falselyCovered: [String] = []
        for device in lab.devices {
            let reported = report.devices.first { $0.address == device.address }
            let statuses = Set((reported?.compliance ?? []).map(\.status))
            let group = plan.entries.first { $0.address == device.address }?.group
            if let maker = device.expected.manufacturer, Self.coveredMakers.contains(maker) {
                if statuses == [.covered], group == .replaceNow { coveredFound += 1 } else { coveredMissed.append(device.profile) }
            } else if statuses.contains(.covered) {
                falselyCovered.append(device.profile)
            }
        }
        #expect(coveredMissed.isEmpty, "covered devices not judged covered and replace-now: \(coveredMissed)")
        #expect(falselyCovered.isEmpty, "devices wrongly judged covered: \(falselyCovered)")
        #expect(coveredFound >= 20)
        // The Axis camera is judged by its firmware: not covered, with high confidence. Legacy Axis
        // firmware (legacy-axis-205) answers only web banners before login, worth a banner's confidence.
        for device in lab.devices where device.expected.manufacturer == "Axis" && device.profile != "legacy-axis-205" {
            let verdicts = report.devices.first { $0.address == device.address }?.compliance ?? []
            #expect(!verdicts.isEmpty && verdicts.allSatisfy { $0.status == .notCovered && $0.confidence >= 0.9 })
        }
        for device in report.devices {
            if let risk = device.risk { #expect(risk.items.reduce(0) { $0 + $1.points } == risk.score) }
        }
        #expect(plan.counts.values.reduce(0, +) == plan.entries.count)
        #expect(plan.countsBySubnet.values.flatMap(\.values).reduce(0, +) == plan.entries.count)
        let activity = lab.totalActivity
        #expect(activity.lockouts == 0)
        #expect(activity.intrusiveRequests == 0)
        let json = try ReportCoding.makeEncoder(pretty: false).encode(report)
        #expect(try SchemaValidator.validate(json, schema: RepositoryFiles.reportSchema) == nil)
        print("lab verdicts: \(coveredFound) covered devices in replace-now; plan counts \(plan.counts.sorted { $0.key < $1.key })")
    }
}
