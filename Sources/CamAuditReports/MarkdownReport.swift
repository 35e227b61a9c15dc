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
        out.append(
            "Started \(ISO8601DateFormatter().string(from: scan.startedAt)), \(seconds) s, status **\(scan.status)**. "
                + "Targets: \(Self.escape(scan.targets.joined(separator: " "))).")
        if let checks = scan.checks {
            out.append(
                "Checks: \(checks.mode == .intrusive ? "**intrusive**" : "safe"), \(checks.requestsSent) requests, "
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
        for severity in Severity.worstFirst {
            let count = findings.filter { $0.severity == severity }.count
            if count > 0 { rows.append(("Findings: \(severity)", count)) }
        }
        if report.devices.contains(where: { $0.compliance != nil }) {
            rows.append(("Covered by a ban (NDAA 889 / FCC)", report.devices.filter(ReportFacts.isCovered).count))
        }
        if let plan = report.plan {
            for group in PlanGroup.allCases { rows.append(("Plan: \(group.title.lowercased())", plan.counts[group.rawValue] ?? 0)) }
        }
        return ["## Summary", "", "| | Count |", "|---|---:|"] + rows.map { "| \($0.0) | \($0.1) |" } + [""]
    }

    private func findingsBySeverity(_ report: ScanReport) -> [String] {
        var out = ["## Findings by severity", ""]
        let pairs = report.devices.flatMap { device in device.findings.map { (device, $0) } }
        guard !pairs.isEmpty else { return out + ["No findings.", ""] }
        for severity in Severity.worstFirst {
            let matching = pairs.filter { $0.1.severity == severity }
            guard !matching.isEmpty else { continue }
            out.append("### \(severity.rawValue.prefix(1).uppercased() + severity.rawValue.dropFirst()) (\(matching.count))")
            out.append("")
            out.append("| Device | Finding | Title | Decided by |")
            out.append("|---|---|---|---|")
            for (device, finding) in matching {
                out.append(
                    "| \(device.address) | \(Self.escape(finding.id)) | \(Self.escape(finding.title)) | \(Self.escape(finding.decidedBy.rawValue)) |"
                )
            }
            out.append("")
        }
        return out
    }

    private func plan(_ report: ScanReport) -> [String] {
        var out = ["## Replacement plan", ""]
        guard let plan = report.plan else { return out + ["No plan in this report (verdicts were not computed).", ""] }
        for group in PlanGroup.allCases {
            let entries = plan.entries.filter { $0.group == group }
            out.append("### \(group.title) (\(entries.count))")
            out.append("")
            guard !entries.isEmpty, group != .fine else {
                if !entries.isEmpty { out.append(entries.map { "\($0.address)" }.joined(separator: ", ")); out.append("") }
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
            out.append("| Subnet | " + PlanGroup.allCases.map(\.title).joined(separator: " | ") + " |")
            out.append("|---|" + String(repeating: "---:|", count: PlanGroup.allCases.count))
            for subnet in subnets {
                let counts = plan.countsBySubnet[subnet] ?? [:]
                out.append(
                    "| \(Self.escape(subnet)) | " + PlanGroup.allCases.map { String(counts[$0.rawValue] ?? 0) }.joined(separator: " | ")
                        + " |")
            }
            out.append("")
        }
        return out
    }

    private func section(_ device: DeviceReport, plan: ReplacementPlan.Entry?) -> [String] {
        var out = [
            "### \(device.address) \u{2014} \(Self.escape(ReportFacts.makerLabel(device))) \(Self.escape(device.model ?? ""))"
                .trimmingCharacters(in: .whitespaces), "",
        ]
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
        if let risk = device.risk { facts.append(("Risk", "\(risk.score)/100 (\(risk.level))")) }
        if let plan { facts.append(("Plan", plan.group.title.lowercased())) }
        out += facts.map { "- **\($0.0)**: \($0.1)" }
        out.append("")
        if let verdicts = device.compliance {
            let sentences = VerdictSentences(device)
            out.append("**Compliance**")
            out.append("")
            if let lead = sentences.lead {
                out.append(Self.markdown(lead))
                out.append("")
            }
            for (verdict, sentence) in zip(verdicts, sentences.rules) {
                let confidence = String(format: "%.2f", verdict.confidence)
                let head = "- \(Self.escape(verdict.ruleSet)): **\(verdict.status)** (confidence \(confidence))"
                if let sentence {
                    // The sentence first; the rule and the evidence nested below it.
                    out.append(head + ". " + Self.markdown(sentence))
                    out += ([verdict.rule] + verdict.basis).map { "  - \(Self.escape($0))" }
                } else {
                    out.append(head + " \u{2014} \(Self.escape(verdict.rule))")
                    out += verdict.basis.map { "  - \(Self.escape($0))" }
                }
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
            for finding in ReportFacts.findingsWorstFirst(device) {
                out.append(
                    "- **\(finding.severity.rawValue.uppercased())** \(Self.escape(finding.id)): \(Self.escape(finding.title)) (decided by \(Self.escape(finding.decidedBy.rawValue)))"
                )
                out += finding.evidence.map { "  - \(Self.escape($0))" }
                if let remediation = finding.remediation { out.append("  - Fix: \(Self.escape(remediation))") }
            }
            out.append("")
        }
        let notes =
            device.notes
            + device.conflicts.map {
                "evidence disagrees on \($0.attribute): chose \($0.chosen), also seen \($0.rejected.joined(separator: ", "))"
            }
        if !notes.isEmpty {
            out.append("**Notes**")
            out.append("")
            out += notes.map { "- \(Self.escape($0))" }
            out.append("")
        }
        return out
    }

    /// A verdict sentence: text escaped, the rule set's title a link to its public document.
    static func markdown(_ sentence: VerdictSentences.Sentence) -> String {
        sentence.map { piece in
            switch piece {
            case .text(let text): return escape(text)
            case .link(let text, let url) where VerdictSentences.isWebAddress(url): return "[\(escape(text))](\(linkTarget(url)))"
            case .link(let text, _): return escape(text)
            }
        }.joined()
    }

    /// A URL that cannot end the link early or open markup: parentheses, angle brackets, quotes and backslashes percent-encoded.
    static func linkTarget(_ url: String) -> String {
        var out = ""
        for scalar in url.unicodeScalars {
            if "()<>\"'\\`".unicodeScalars.contains(scalar) || scalar.value < 0x21 || scalar.value == 0x7f {
                for byte in String(scalar).utf8 { out += String(format: "%%%02X", byte) }
            } else {
                out.unicodeScalars.append(scalar)
            }
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
                if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value)
                    || (0x202a...0x202e).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
                {
                    continue
                }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
