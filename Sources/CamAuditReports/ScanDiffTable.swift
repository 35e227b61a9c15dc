import CamAuditCore
import Foundation

/// Renders a scan diff as plain text for a terminal: a summary line, then new, vanished and changed devices.
public struct ScanDiffTable: Sendable {
    public init() {}

    public func render(_ diff: ScanDiff) -> String {
        let dates = ISO8601DateFormatter()
        var lines = [
            "camaudit diff \(diff.older.id) -> \(diff.newer.id)",
            "  older: \(dates.string(from: diff.older.startedAt))  \(diff.older.deviceCount) hosts  status: \(diff.older.status)  checks: \(diff.older.checks)",
            "  newer: \(dates.string(from: diff.newer.startedAt))  \(diff.newer.deviceCount) hosts  status: \(diff.newer.status)  checks: \(diff.newer.checks)",
        ]
        let counts = diff.summary
        lines.append(
            "\(counts.newDevices) new, \(counts.vanishedDevices) vanished, \(counts.changedDevices) changed "
                + "(\(counts.movedDevices) moved, \(counts.firmwareChanges) firmware), \(counts.unchangedDevices) unchanged devices; "
                + "\(counts.newFindings) new and \(counts.fixedFindings) fixed findings on devices in both scans, "
                + "\(counts.findingsOnNewDevices) on new devices")
        if diff.older.startedAt > diff.newer.startedAt {
            lines.append("note: the first scan started after the second; changes read from the first to the second, as given")
        }
        if diff.older.checks != diff.newer.checks {
            lines.append(
                "note: the scans ran different checks (\(diff.older.checks), \(diff.newer.checks)): new or fixed findings may only reflect that"
            )
        }
        for side in [diff.older, diff.newer] where side.status == .deadline {
            lines.append("note: --deadline cut scan \(side.id) short: a device missing from it may only have been missed")
        }
        if diff.isEmpty {
            lines.append("")
            lines.append("No differences between the devices of the two scans.")
            return lines.joined(separator: "\n") + "\n"
        }
        if !diff.newDevices.isEmpty {
            lines.append("")
            lines.append("New devices:")
            for device in diff.newDevices { lines += describe(device) }
        }
        if !diff.vanishedDevices.isEmpty {
            lines.append("")
            lines.append("Vanished devices (their findings are gone with them, not fixed):")
            for device in diff.vanishedDevices { lines += describe(device) }
        }
        if !diff.changedDevices.isEmpty {
            lines.append("")
            lines.append("Changed devices:")
            for change in diff.changedDevices { lines += describe(change) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func describe(_ device: ScanDiff.DeviceSummary) -> [String] {
        let name = [device.manufacturer, device.brand.map { "(\($0))" }, device.model].compactMap { $0 }.joined(separator: " ")
        var lines = ["  \(device.address)  \(device.deviceType.rawValue)  \(name.isEmpty ? "-" : name)  firmware \(device.firmware ?? "-")"]
        lines += device.findings.map { "      \(finding($0))" }
        lines += device.compliance.filter { $0.status == .covered }.map { "      covered by \($0.ruleSet)" }
        return lines
    }

    private func describe(_ change: ScanDiff.DeviceChange) -> [String] {
        let name = [change.manufacturer, change.model].compactMap { $0 }.joined(separator: " ")
        var head = "  \(change.address)  \(change.deviceType.rawValue)  \(name.isEmpty ? "-" : name)"
        if let previous = change.previousAddress {
            head += "  (was \(previous); same \(change.matchedBy) \(change.matchKey ?? "-"))"
        }
        var lines = [head]
        for field in change.identityChanges {
            lines.append("      \(field.field): \(field.old ?? "-") -> \(field.new ?? "-")")
        }
        if let firmware = change.firmwareChange {
            lines.append("      firmware: \(firmware.old ?? "-") -> \(firmware.new ?? "-")")
        }
        lines += change.newFindings.map { "      new:   \(finding($0))" }
        lines += change.fixedFindings.map { "      fixed: \(finding($0))" }
        lines += change.complianceChanges.map {
            "      \($0.ruleSet): \($0.old?.rawValue ?? "no verdict") -> \($0.new?.rawValue ?? "no verdict")"
        }
        return lines
    }

    private func finding(_ finding: ScanDiff.FindingSummary) -> String {
        "\(finding.severity.rawValue.uppercased()) \(finding.id) \(finding.title)"
    }
}
