import CamAuditCore
import Foundation

/// Renders a scan as GitHub-flavoured markdown for a ticket: summary, findings by severity, the plan,
/// then one section per device. Text that came from a device or the network is escaped so it cannot
/// break a table, open a link or inject markup.
public struct MarkdownReport: Sendable {
    public init() {}

    public func render(_ report: ScanReport) -> String {
        let facts = ReportFacts(report)
        var out: [String] = []
        let scan = report.scan
        out.append("# camaudit scan \(Self.escape(scan.id))")
        out.append("")
        let seconds = String(format: "%.1f", scan.finishedAt.timeIntervalSince(scan.startedAt))
        out.append("Started \(ISO8601DateFormatter().string(from: scan.startedAt)), \(seconds) s, status **\(Self.escape(scan.status))**. "
            + "Targets: \(Self.escape(scan.targets.joined(separator: " "))).")
        if let checks = scan.checks {
            out.append("Checks: \(checks.mode == "intrusive" ? "**intrusive**" : "safe"), \(checks.requestsSent) requests, "
                + "\(checks.defaultCredentials ? "default passwords tried" : "no default passwords")"
                + "\(checks.secretsRevealed ? ", **secrets revealed**" : "").")
        } else {
            out.append("Checks: none (`--no-checks`).")
        }
        if let captures = scan.trafficCaptures, !captures.isEmpty {
            out.append("Traffic captures: \(Self.escape(captures.joined(separator: "; "))).")
        }
        out.append("")
        out += summary(report)
        out += findingsBySeverity(report)
        out += plan(report)
        out.append("## Devices")
        out.append("")
        for device in report.devices {
            out += section(device, plan: facts.planByAddress[device.address])
        }
        if !scan.notes.isEmpty {
            out.append("## Scan notes")
            out.append("")
            out += scan.notes.map { "- \(Self.escape($0))" }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    private func summary(_ report: ScanReport) -> [String] {
        let findings = report.devices.flatMap(\.findings)
        var rows = [
            ("Hosts with open ports", report.devices.count),
            ("Cameras and recorders", report.devices.filter { $0.deviceType.isVideoDevice }.count),
            ("Devices with findings", report.devices.filter { !$0.findings.isEmpty }.count),
        ]
        for severity in ReportFacts.severities {
            let count = findings.filter { $0.severity == severity }.count
            if count > 0 { rows.append(("Findings: \(severity)", count)) }
        }
        if report.devices.contains(where: { $0.compliance != nil }) {
            rows.append(("Covered by a ban (NDAA 889 / FCC)", report.devices.filter(ReportFacts.isCovered).count))
        }
        if let plan = report.plan {
            for group in ReportFacts.planGroups { rows.append(("Plan: \(ReportFacts.planTitle(group).lowercased())", plan.counts[group] ?? 0)) }
        }
        return ["## Summary", "", "| | Count |", "|---|---:|"] + rows.map { "| \($0.0) | \($0.1) |" } + [""]
    }

    private func findingsBySeverity(_ report: ScanReport) -> [String] {
        var out = ["## Findings by severity", ""]
        let pairs = report.devices.flatMap { device in device.findings.map { (device, $0) } }
        guard !pairs.isEmpty else { return out + ["No findings.", ""] }
        for severity in ReportFacts.severities {
            let matching = pairs.filter { $0.1.severity == severity }
            guard !matching.isEmpty else { continue }
            out.append("### \(severity.prefix(1).uppercased() + severity.dropFirst()) (\(matching.count))")
            out.append("")
            out.append("| Device | Finding | Title | Decided by |")
            out.append("|---|---|---|---|")
            for (device, finding) in matching {
                out.append("| \(device.address) | \(Self.escape(finding.id)) | \(Self.escape(finding.title)) | \(Self.escape(finding.decidedBy)) |")
            }
            out.append("")
        }
        return out
    }

    private func plan(_ report: ScanReport) -> [String] {
        var out = ["## Replacement plan", ""]
        guard let plan = report.plan else { return out + ["No plan in this report (verdicts were not computed).", ""] }
        for group in ReportFacts.planGroups {
            let entries = plan.entries.filter { $0.group == group }
            out.append("### \(ReportFacts.planTitle(group)) (\(entries.count))")
            out.append("")
            guard !entries.isEmpty, group != "fine" else {
                if !entries.isEmpty { out.append(entries.map { "\($0.address)" }.joined(separator: ", ")) ; out.append("") }
                continue
            }
            out.append("| Device | Score | Actions |")
            out.append("|---|---:|---|")
            for entry in entries {
                out.append("| \(entry.address) | \(entry.score) | \(entry.actions.map(Self.escape).joined(separator: "<br>")) |")
            }
            out.append("")
        }
        let subnets = plan.countsBySubnet.keys.sorted()
        if !subnets.isEmpty {
            out.append("**Per subnet**")
            out.append("")
            out.append("| Subnet | " + ReportFacts.planGroups.map(ReportFacts.planTitle).joined(separator: " | ") + " |")
            out.append("|---|" + String(repeating: "---:|", count: ReportFacts.planGroups.count))
            for subnet in subnets {
                let counts = plan.countsBySubnet[subnet] ?? [:]
                out.append("| \(Self.escape(subnet)) | " + ReportFacts.planGroups.map { String(counts[$0] ?? 0) }.joined(separator: " | ") + " |")
            }
            out.append("")
        }
        return out
    }

    private func section(_ device: DeviceReport, plan: ReplacementPlan.Entry?) -> [String] {
        var out = ["### \(device.address) \u{2014} \(Self.escape(ReportFacts.makerLabel(device))) \(Self.escape(device.model ?? ""))"
            .trimmingCharacters(in: .whitespaces), ""]
        var facts: [(String, String)] = [("Type", device.deviceType.rawValue)]
        if let hostname = device.hostname { facts.append(("Hostname", Self.escape(hostname))) }
        if let value = device.manufacturer { facts.append(("Maker", Self.escape(value))) }
        if let value = device.brand { facts.append(("Brand", Self.escape(value))) }
        if let value = device.model { facts.append(("Model", Self.escape(value))) }
        if let value = device.firmware { facts.append(("Firmware", Self.escape(value))) }
        if let value = device.serial { facts.append(("Serial", Self.escape(value))) }
        if let value = device.mac { facts.append(("MAC", Self.escape(value))) }
        facts.append(("Confidence", String(format: "%.2f", device.confidence)))
        facts.append(("Open ports", device.ports.isEmpty ? "none" : Self.escape(ReportFacts.portsLine(device))))
        if let risk = device.risk { facts.append(("Risk", "\(risk.score)/100 (\(Self.escape(risk.level)))")) }
        if let plan { facts.append(("Plan", ReportFacts.planTitle(plan.group).lowercased())) }
        out += facts.map { "- **\($0.0)**: \($0.1)" }
        out.append("")
        if let verdicts = device.compliance {
            out.append("**Compliance**")
            out.append("")
            for verdict in verdicts {
                out.append("- \(Self.escape(verdict.ruleSet)): **\(Self.escape(verdict.status))** (confidence \(String(format: "%.2f", verdict.confidence))) \u{2014} \(Self.escape(verdict.rule))")
                out += verdict.basis.map { "  - \(Self.escape($0))" }
            }
            out.append("")
        }
        if let risk = device.risk, !risk.items.isEmpty {
            out.append("**Risk score items**")
            out.append("")
            out += risk.items.map { "- +\($0.points) \(Self.escape($0.reason))" + ($0.source.map { " (\(Self.escape($0)))" } ?? "") }
            out.append("")
        }
        if let plan, !plan.actions.isEmpty {
            out.append("**Actions**")
            out.append("")
            out += plan.actions.map { "- \(Self.escape($0))" }
            out.append("")
        }
        if !device.findings.isEmpty {
            out.append("**Findings**")
            out.append("")
            for finding in device.findings.sorted(by: { ReportFacts.rank($0.severity) < ReportFacts.rank($1.severity) }) {
                out.append("- **\(Self.escape(finding.severity.uppercased()))** \(Self.escape(finding.id)): \(Self.escape(finding.title)) (decided by \(Self.escape(finding.decidedBy)))")
                out += finding.evidence.map { "  - \(Self.escape($0))" }
                if let remediation = finding.remediation { out.append("  - Fix: \(Self.escape(remediation))") }
            }
            out.append("")
        }
        let notes = device.notes + device.conflicts.map { "evidence disagrees on \($0.attribute): chose \($0.chosen), also seen \($0.rejected.joined(separator: ", "))" }
        if !notes.isEmpty {
            out.append("**Notes**")
            out.append("")
            out += notes.map { "- \(Self.escape($0))" }
            out.append("")
        }
        return out
    }

    /// Inline text that cannot break out: line breaks become spaces, markup characters are backslash-escaped,
    /// `<` `>` `&` become entities (so no raw HTML), `|` cannot end a table cell.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t": out.append(" ")
            case "<": out.append("&lt;")
            case ">": out.append("&gt;")
            case "&": out.append("&amp;")
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!":
                out.append("\\")
                out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value) || (0x202a...0x202e).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
