import CamAuditCore

/// Renders a scan as CSV for spreadsheets (RFC 4180, `CSVText`): a header, then one row per device.
public struct CSVReport: Sendable {
    static let header = [
        "address", "hostname", "manufacturer", "brand", "model", "firmware", "serial", "mac", "device_type", "confidence",
        "open_ports", "finding_ids", "max_severity", "compliance", "risk_score", "risk_level", "plan_group", "plan_actions",
    ]

    public init() {}

    /// The whole table, CRLF line endings as RFC 4180 asks.
    public func render(_ report: ScanReport) -> String {
        let facts = ReportFacts(report)
        var text = CSVText.line(Self.header)
        text.reserveCapacity(report.devices.count * 200)
        for device in report.devices {
            let plan = facts.planByAddress[device.address]
            text += CSVText.line([
                device.address.description,
                device.hostname ?? "",
                device.manufacturer ?? "",
                device.brand ?? "",
                device.model ?? "",
                device.firmware ?? "",
                device.serial ?? "",
                device.mac ?? "",
                device.deviceType.rawValue,
                String(Double(Int((device.confidence * 1000).rounded())) / 1000),
                ReportFacts.portsLine(device),
                device.findings.map(\.id).joined(separator: " "),
                ReportFacts.worstSeverity(device)?.rawValue ?? "",
                ReportFacts.complianceLine(device) ?? "",
                device.risk.map { String($0.score) } ?? "",
                device.risk?.level.rawValue ?? "",
                plan?.group.rawValue ?? "",
                plan?.actions.joined(separator: "; ") ?? "",
            ])
        }
        return text
    }
}
