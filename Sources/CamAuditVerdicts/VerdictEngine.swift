import CamAuditCatalog
import CamAuditCore

/// Fills a finished scan's compliance verdicts, risk scores and replacement plan; the scanner calls it last.
///
/// Which devices get what: compliance for every device whose maker is known (video or not: a Huawei router is
/// covered too) and for every video device (unknown when the maker is not known); a risk score and a plan entry for
/// every video device and every device with a finding. Other hosts (a printer without findings) get nothing.
public struct VerdictEngine: Sendable {
    public let judge: ComplianceJudge
    public let scorer: RiskScorer
    public let planner: ReplacementPlanner

    public init(compliance: ComplianceCatalog, vulnerabilities: VulnerabilityCatalog) {
        judge = ComplianceJudge(catalog: compliance)
        scorer = RiskScorer(vulnerabilities: vulnerabilities)
        planner = ReplacementPlanner(vulnerabilities: vulnerabilities)
    }

    /// The engine on the catalogs shipped with the program.
    public static func bundled() throws(CatalogError) -> VerdictEngine {
        VerdictEngine(compliance: try ComplianceCatalog.bundled(), vulnerabilities: try VulnerabilityCatalog.bundled())
    }

    /// The report with `devices[].compliance`, `devices[].risk` and `plan` filled; everything else unchanged.
    public func apply(to report: ScanReport) -> ScanReport {
        var report = report
        report.devices = report.devices.map(apply(to:))
        report.plan = planner.plan(for: report.devices)
        return report
    }

    /// One device with its verdicts and score (the plan needs every device, so it is made by `apply(to:)` on a report).
    public func apply(to device: DeviceReport) -> DeviceReport {
        var device = device
        let video = device.deviceType.isVideoDevice
        let makerKnown = judge.maker(of: device) != nil
        let verdicts = video || makerKnown ? judge.verdicts(for: device) : []
        device.compliance = verdicts.isEmpty ? nil : verdicts
        device.risk = video || !device.findings.isEmpty ? scorer.score(device, compliance: verdicts) : nil
        return device
    }
}
