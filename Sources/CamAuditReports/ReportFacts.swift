import CamAuditCore

/// What every report format derives the same way from a scan: severity order, each device's plan entry,
/// its worst finding and its compliance line, so CSV, markdown, HTML and CycloneDX never disagree.
struct ReportFacts {
    /// Severities from worst to mildest; `unknown` (no CVSS score) ranks above `none`.
    static let severities = ["critical", "high", "medium", "low", "unknown", "none"]
    /// Plan groups in the order the plan acts on them.
    static let planGroups = ["replace-now", "patch-now", "harden", "fine"]
    /// Risk levels from worst to mildest, as `RiskScore.level` spells them.
    static let riskLevels = ["critical", "high", "medium", "low", "none"]

    let planByAddress: [IPAddress: ReplacementPlan.Entry]

    init(_ report: ScanReport) {
        var entries: [IPAddress: ReplacementPlan.Entry] = [:]
        for entry in report.plan?.entries ?? [] where entries[entry.address] == nil { entries[entry.address] = entry }
        planByAddress = entries
    }

    /// 0 for critical up to 5 for none; severities camaudit does not know sort last.
    static func rank(_ severity: String) -> Int {
        severities.firstIndex(of: severity) ?? severities.count
    }

    /// The worst severity among the device's findings, nil without findings.
    static func worstSeverity(_ device: DeviceReport) -> String? {
        device.findings.map(\.severity).min { rank($0) < rank($1) }
    }

    /// `ndaa-889: covered; fcc-covered-list: covered`, or nil when no verdicts were made.
    static func complianceLine(_ device: DeviceReport) -> String? {
        guard let verdicts = device.compliance else { return nil }
        return verdicts.map { "\($0.ruleSet): \($0.status)" }.joined(separator: "; ")
    }

    /// True when any rule set calls the device covered.
    static func isCovered(_ device: DeviceReport) -> Bool {
        device.compliance?.contains { $0.status == "covered" } ?? false
    }

    /// `Replace now` for `replace-now`.
    static func planTitle(_ group: String) -> String {
        let words = group.split(separator: "-").map(String.init)
        guard let first = words.first else { return group }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ")
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
