import CamAuditCore
import Foundation

/// Renders a scan as a plain-text table for a terminal, one line per device, then notes.
public struct TableReport: Sendable {
    public var includeNonCameras: Bool
    public var width: Int

    public init(includeNonCameras: Bool = true, width: Int = 120) {
        self.includeNonCameras = includeNonCameras
        self.width = width
    }

    public func render(_ report: ScanReport) -> String {
        let devices = report.devices.filter { includeNonCameras || $0.deviceType.isVideoDevice }
        var lines: [String] = []
        let scan = report.scan
        let seconds = scan.finishedAt.timeIntervalSince(scan.startedAt)
        lines.append(
            "camaudit scan \(scan.id)  \(ISO8601DateFormatter().string(from: scan.startedAt))  \(String(format: "%.1f", seconds)) s  status: \(scan.status)"
        )
        lines.append(
            "targets: \(scan.targets.joined(separator: " "))  addresses: \(scan.addressesScanned)  ports: \(scan.ports.count)  probes: \(scan.probesSent)"
        )
        if let checks = scan.checks {
            let passwords = checks.defaultCredentials ? "default passwords tried" : "no default passwords"
            let secrets = checks.secretsRevealed ? ", secrets REVEALED" : ""
            lines.append(
                "checks: \(checks.mode == .intrusive ? "INTRUSIVE (--intrusive)" : "safe")  requests: \(checks.requestsSent)  "
                    + "\(passwords)\(secrets)  intrusive requests: \(checks.intrusiveRequests.count)"
                    + (checks.router.map { "  router: \($0)" } ?? ""))
        } else {
            lines.append("checks: none (--no-checks)")
        }
        if let captures = scan.trafficCaptures, !captures.isEmpty {
            lines.append("traffic: \(Self.clean(captures.joined(separator: "; ")))")
        }
        lines.append("")
        let header = ["ADDRESS", "TYPE", "MAKER", "BRAND", "MODEL", "FIRMWARE", "CONF", "OPEN PORTS"]
        let rows = devices.map { device in
            [
                device.address.description,
                device.deviceType.rawValue,
                device.manufacturer ?? "-",
                device.brand ?? "-",
                device.model ?? "-",
                device.firmware ?? "-",
                String(format: "%.2f", device.confidence),
                device.ports.map { "\($0.port)/\($0.service)" }.joined(separator: " "),
            ]
        }
        lines += TableReport.layout(header: header, rows: rows, maxWidths: [39, 8, 12, 10, 22, 24, 4, 60])
        let videoCount = report.devices.filter { $0.deviceType.isVideoDevice }.count
        lines.append("")
        lines.append("\(report.devices.count) hosts with open ports, \(videoCount) cameras/recorders")
        let covered = report.devices.filter(ReportFacts.isCovered)
        if report.devices.contains(where: { $0.compliance != nil }) {
            lines.append("covered by a ban (NDAA 889 / FCC Covered List): \(covered.count) devices")
        }
        if let plan = report.plan {
            lines.append("plan: " + PlanGroup.words.map { "\($0) \(plan.counts[$0] ?? 0)" }.joined(separator: ", "))
            for entry in plan.entries where entry.group != .fine {
                lines.append(
                    "  \(entry.group.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(entry.address) risk \(entry.score): "
                        + Self.clean(entry.actions.first ?? ""))
            }
        }
        if let checks = scan.checks, !checks.intrusiveRequests.isEmpty || !checks.portMappings.isEmpty {
            lines.append("")
            if !checks.intrusiveRequests.isEmpty {
                lines.append("Intrusive requests sent (--intrusive):")
                lines += checks.intrusiveRequests.map { "  \($0)" }
            }
            if !checks.portMappings.isEmpty {
                lines.append("Router port mappings:")
                lines += checks.portMappings.map { "  \($0)" }
            }
        }
        let withFindings = devices.filter { !$0.findings.isEmpty }
        if !withFindings.isEmpty {
            lines.append("")
            lines.append("Findings:")
            for device in withFindings {
                for finding in device.findings {
                    let how = finding.evidence.first.map { " - \($0)" } ?? ""
                    lines.append(
                        "  \(device.address): \(finding.severity.rawValue.uppercased()) \(finding.id) \(finding.title) (decided by \(finding.decidedBy))\(how)"
                    )
                }
            }
        }
        let noted = report.devices.filter { !$0.notes.isEmpty || !$0.conflicts.isEmpty }
        if !noted.isEmpty || !scan.notes.isEmpty {
            lines.append("")
            lines.append("Notes:")
            for note in scan.notes { lines.append("  scan: \(note)") }
            for device in noted {
                for conflict in device.conflicts {
                    lines.append(
                        "  \(device.address): evidence disagrees on \(conflict.attribute): chose \(conflict.chosen), also seen \(conflict.rejected.joined(separator: ", "))"
                    )
                }
                for note in device.notes { lines.append("  \(device.address): \(note)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line of text with the control characters a device could send (escape sequences, line breaks) removed.
    public static func clean(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").filter { !$0.isASCII || $0.asciiValue! >= 0x20 }
    }

    static func layout(header: [String], rows: [[String]], maxWidths: [Int]) -> [String] {
        func clip(_ text: String, _ width: Int) -> String {
            let flat = clean(text)
            return flat.count <= width ? flat : String(flat.prefix(width - 1)) + "~"
        }
        let clipped = ([header] + rows).map { row in row.enumerated().map { clip($0.element, maxWidths[$0.offset]) } }
        var widths = Array(repeating: 0, count: header.count)
        for row in clipped {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return clipped.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
