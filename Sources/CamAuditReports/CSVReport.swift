import CamAuditCore

/// Renders a scan as CSV for spreadsheets (RFC 4180): a header, then one row per device.
///
/// Device-supplied text can start with `=`, `+`, `-` or `@`, which spreadsheets run as a formula
/// ("CSV injection"); such cells get a leading `'` so they stay text.
public struct CSVReport: Sendable {
    static let header = [
        "address", "hostname", "manufacturer", "brand", "model", "firmware", "serial", "mac", "device_type", "confidence",
        "open_ports", "finding_ids", "max_severity", "compliance", "risk_score", "risk_level", "plan_group", "plan_actions",
    ]

    public init() {}

    /// The whole table, CRLF line endings as RFC 4180 asks.
    public func render(_ report: ScanReport) -> String {
        let facts = ReportFacts(report)
        var text = Self.line(Self.header)
        text.reserveCapacity(report.devices.count * 200)
        for device in report.devices {
            let plan = facts.planByAddress[device.address]
            text += Self.line([
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
                ReportFacts.worstSeverity(device) ?? "",
                ReportFacts.complianceLine(device) ?? "",
                device.risk.map { String($0.score) } ?? "",
                device.risk?.level ?? "",
                plan?.group ?? "",
                plan?.actions.joined(separator: "; ") ?? "",
            ])
        }
        return text
    }

    static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One field: neutralised against formulas, quoted when it holds a comma, a quote or a line break.
    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
