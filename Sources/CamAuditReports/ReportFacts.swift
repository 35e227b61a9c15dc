import CamAuditCore

/// What every report format derives the same way from a scan: each device's plan entry, its worst finding
/// and its compliance line, so CSV, markdown, HTML and CycloneDX never disagree. The orders of severities,
/// risk levels and plan groups are those of `Severity`, `RiskLevel` and `PlanGroup`.
struct ReportFacts {
    let planByAddress: [IPAddress: ReplacementPlan.Entry]

    init(_ report: ScanReport) {
        var entries: [IPAddress: ReplacementPlan.Entry] = [:]
        for entry in report.plan?.entries ?? [] where entries[entry.address] == nil { entries[entry.address] = entry }
        planByAddress = entries
    }

    /// The worst severity among the device's findings, nil without findings.
    static func worstSeverity(_ device: DeviceReport) -> Severity? {
        device.findings.map(\.severity).max()
    }

    /// The device's findings, worst first; findings of the same severity keep their order.
    static func findingsWorstFirst(_ device: DeviceReport) -> [Finding] {
        device.findings.enumerated().sorted { ($1.element.severity, $0.offset) < ($0.element.severity, $1.offset) }.map(\.element)
    }

    /// `ndaa-889: covered; fcc-covered-list: covered`, or nil when no verdicts were made.
    static func complianceLine(_ device: DeviceReport) -> String? {
        guard let verdicts = device.compliance else { return nil }
        return verdicts.map { "\($0.ruleSet): \($0.status)" }.joined(separator: "; ")
    }

    /// True when any rule set calls the device covered.
    static func isCovered(_ device: DeviceReport) -> Bool {
        device.compliance?.contains { $0.status == .covered } ?? false
    }

    /// `LTS (Hikvision)` when brand and maker differ, otherwise whichever is known, or `unknown maker`.
    static func makerLabel(_ device: DeviceReport) -> String {
        switch (device.brand, device.manufacturer) {
        case let (brand?, maker?) where brand != maker: return "\(brand) (\(maker))"
        case let (_, maker?): return maker
        case let (brand?, nil): return brand
        default: return "unknown maker"
        }
    }

    /// `80/http 554/rtsp`.
    static func portsLine(_ device: DeviceReport) -> String {
        device.ports.map { "\($0.port)/\($0.service)" }.joined(separator: " ")
    }
}
