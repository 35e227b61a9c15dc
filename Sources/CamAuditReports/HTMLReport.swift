import CamAuditCore
import Foundation

/// Renders a scan as one self-contained HTML page for people who decide: summary counts, charts of devices
/// by maker and by risk, the ban verdicts, the replacement plan, then every device with its evidence.
///
/// The page loads nothing: CSS and SVG are inline, there is no script, and a Content-Security-Policy of
/// `default-src 'none'` makes the browser refuse any fetch. Every string that came from a device is escaped.
public struct HTMLReport: Sendable {
    public init() {}

    public func render(_ report: ScanReport) -> String {
        let facts = ReportFacts(report)
        var html = ""
        html.reserveCapacity(4096 + report.devices.count * 1500)
        let scan = report.scan
        html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>camaudit report \(Self.escape(scan.id))</title>\n<style>\(Self.style)</style>\n</head>\n<body>\n"
        html +=
            "<header><h1>Video surveillance audit</h1><p class=\"meta\">Scan \(Self.escape(scan.id)) \u{00b7} "
            + "\(Self.escape(ISO8601DateFormatter().string(from: scan.startedAt))) \u{00b7} "
            + "\(String(format: "%.1f", scan.finishedAt.timeIntervalSince(scan.startedAt))) s \u{00b7} status \(scan.status) \u{00b7} "
            + "targets \(Self.escape(scan.targets.joined(separator: " ")))"
            + (scan.checks.map { " \u{00b7} checks \($0.mode)" } ?? " \u{00b7} no security checks")
            + (scan.trafficCaptures.map { " \u{00b7} traffic \(Self.escape($0.joined(separator: "; ")))" } ?? "")
            + "</p></header>\n<main>\n"
        html += summary(report)
        html +=
            "<section class=\"charts\"><div><h2>Devices by maker</h2>\(Self.barChart(title: "Devices by maker", bars: Self.makerBars(report.devices)))</div>"
        if report.devices.contains(where: { $0.risk != nil }) {
            html +=
                "<div><h2>Devices by risk</h2>\(Self.barChart(title: "Devices by risk level", bars: Self.riskBars(report.devices)))</div></section>\n"
        } else {
            html +=
                "<div><h2>Devices by worst finding</h2><p class=\"small\">Risk was not scored in this report.</p>"
                + "\(Self.barChart(title: "Devices by worst finding", bars: Self.severityBars(report.devices)))</div></section>\n"
        }
        html += verdicts(report)
        html += plan(report)
        html += overview(report, facts: facts)
        html += "<section><h2>Devices</h2>\n"
        for device in report.devices { html += deviceSection(device, plan: facts.planByAddress[device.address]) }
        html += "</section>\n"
        if !scan.notes.isEmpty {
            html += "<section><h2>Scan notes</h2><ul>" + scan.notes.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul></section>\n"
        }
        html +=
            "</main>\n<footer>camaudit \(Self.escape(scan.version)) \u{00b7} report schema \(Self.escape(report.schemaVersion))</footer>\n</body>\n</html>\n"
        return html
    }

    private func summary(_ report: ScanReport) -> String {
        let findings = report.devices.flatMap(\.findings)
        var cards: [(String, String, String)] = [
            ("Hosts", String(report.devices.count), ""),
            ("Cameras and recorders", String(report.devices.filter { $0.deviceType.isVideoDevice }.count), ""),
            ("Devices with findings", String(report.devices.filter { !$0.findings.isEmpty }.count), ""),
            ("Critical findings", String(findings.filter { $0.severity == .critical }.count), "critical"),
            ("High findings", String(findings.filter { $0.severity == .high }.count), "high"),
        ]
        if report.devices.contains(where: { $0.compliance != nil }) {
            cards.append(("Banned maker (NDAA 889 / FCC)", String(report.devices.filter(ReportFacts.isCovered).count), "critical"))
        } else {
            cards.append(("Banned maker", "not assessed", "muted"))
        }
        if let plan = report.plan {
            cards.append((PlanGroup.replaceNow.title, String(plan.counts[PlanGroup.replaceNow.rawValue] ?? 0), "critical"))
            cards.append((PlanGroup.patchNow.title, String(plan.counts[PlanGroup.patchNow.rawValue] ?? 0), "high"))
        }
        return "<section class=\"cards\">"
            + cards.map { title, value, tone in
                "<div class=\"card \(tone)\"><div class=\"value\">\(Self.escape(value))</div><div class=\"label\">\(Self.escape(title))</div></div>"
            }.joined() + "</section>\n"
    }

    private func verdicts(_ report: ScanReport) -> String {
        var html = "<section><h2>Ban verdicts</h2>\n"
        let assessed = report.devices.filter { $0.compliance != nil }
        guard !assessed.isEmpty else {
            return html + "<p class=\"muted\">Compliance was not assessed in this report.</p></section>\n"
        }
        var rules: [String: String] = [:]
        for verdict in assessed.flatMap({ $0.compliance ?? [] }) where rules[verdict.ruleSet] == nil {
            rules[verdict.ruleSet] = verdict.rule
        }
        let ruleSets = rules.keys.sorted()
        html +=
            "<ul class=\"rules\">" + ruleSets.map { "<li><b>\(Self.escape($0))</b>: \(Self.escape(rules[$0] ?? ""))</li>" }.joined()
            + "</ul>\n"
        let covered = assessed.filter(ReportFacts.isCovered)
        let unknown = assessed.filter { !ReportFacts.isCovered($0) && ($0.compliance ?? []).contains { $0.status == .unknown } }
        html +=
            "<p>\(covered.count) of \(assessed.count) assessed devices are made by a maker a rule set names; "
            + "\(unknown.count) could not be decided (maker unknown).</p>\n"
        let listed = covered + unknown
        guard !listed.isEmpty else { return html + "</section>\n" }
        html +=
            "<table><thead><tr><th>Device</th><th>Maker</th>" + ruleSets.map { "<th>\(Self.escape($0))</th>" }.joined()
            + "<th>Basis</th></tr></thead><tbody>\n"
        for device in listed {
            let byRule = Dictionary((device.compliance ?? []).map { ($0.ruleSet, $0) }, uniquingKeysWith: { first, _ in first })
            html +=
                "<tr><td><a href=\"#\(Self.anchor(device))\">\(Self.escape(device.address.description))</a></td><td>\(Self.escape(ReportFacts.makerLabel(device)))</td>"
            for rule in ruleSets {
                if let verdict = byRule[rule] {
                    html +=
                        "<td><span class=\"badge \(Self.tone(forStatus: verdict.status))\">"
                        + "\(verdict.status)</span> <span class=\"small\">\(String(format: "%.2f", verdict.confidence))</span></td>"
                } else {
                    html += "<td>-</td>"
                }
            }
            let basis = Array(Set((device.compliance ?? []).flatMap(\.basis))).sorted()
            let sentences = VerdictSentences(device)
            if sentences.isComplete {
                // One plain sentence per rule set, the evidence folded below.
                let said = ([sentences.lead] + sentences.rules).compactMap { $0.map(Self.html) }.joined(separator: " ")
                html +=
                    "<td>\(said)<details><summary>Evidence</summary><ul class=\"evidence\">"
                    + basis.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul></details></td></tr>\n"
            } else {
                html += "<td class=\"small\">" + basis.map(Self.escape).joined(separator: "<br>") + "</td></tr>\n"
            }
        }
        return html + "</tbody></table></section>\n"
    }

    private func plan(_ report: ScanReport) -> String {
        var html = "<section><h2>Replacement plan</h2>\n"
        guard let plan = report.plan else { return html + "<p class=\"muted\">No replacement plan in this report.</p></section>\n" }
        html +=
            "<div class=\"cards\">"
            + PlanGroup.allCases.map { group in
                "<div class=\"card \(Self.tone(forGroup: group))\"><div class=\"value\">\(plan.counts[group.rawValue] ?? 0)</div><div class=\"label\">\(group.title)</div></div>"
            }.joined() + "</div>\n"
        for group in PlanGroup.allCases where group != .fine {
            let entries = plan.entries.filter { $0.group == group }
            guard !entries.isEmpty else { continue }
            html +=
                "<h3>\(group.title) (\(entries.count))</h3><table class=\"plan\"><thead><tr><th>Device</th><th>Score</th><th>What to do</th></tr></thead><tbody>\n"
            for entry in entries {
                html +=
                    "<tr><td><a href=\"#dev-\(Self.anchorText(entry.address))\">\(Self.escape(entry.address.description))</a></td><td>\(entry.score)</td><td><ul>"
                    + entry.actions.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul></td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        let subnets = plan.countsBySubnet.keys.sorted()
        if !subnets.isEmpty {
            html +=
                "<h3>Per subnet</h3><table class=\"narrow\"><thead><tr><th>Subnet</th>"
                + PlanGroup.allCases.map { "<th>\($0.title)</th>" }.joined() + "</tr></thead><tbody>"
            for subnet in subnets {
                let counts = plan.countsBySubnet[subnet] ?? [:]
                html +=
                    "<tr><td>\(Self.escape(subnet))</td>"
                    + PlanGroup.allCases.map { "<td class=\"num\">\(counts[$0.rawValue] ?? 0)</td>" }.joined() + "</tr>"
            }
            html += "</tbody></table>\n"
        }
        return html + "</section>\n"
    }

    /// One line per device, worst first when risk scores exist, so the page answers "which ones" at a glance.
    private func overview(_ report: ScanReport, facts: ReportFacts) -> String {
        let devices = report.devices.enumerated().sorted { left, right in
            let (a, b) = (left.element.risk?.score ?? -1, right.element.risk?.score ?? -1)
            return a != b ? a > b : left.offset < right.offset
        }.map(\.element)
        var html =
            "<section><h2>Devices at a glance</h2><table><thead><tr><th>Device</th><th>Maker</th><th>Model</th><th>Firmware</th>"
            + "<th>Worst finding</th><th>Risk</th><th>Plan</th><th>Ban</th></tr></thead><tbody>\n"
        for device in devices {
            let worst = ReportFacts.worstSeverity(device)
            html +=
                "<tr><td><a href=\"#\(Self.anchor(device))\">\(Self.escape(device.address.description))</a></td>"
                + "<td>\(Self.escape(ReportFacts.makerLabel(device)))</td><td>\(Self.escape(device.model ?? "-"))</td><td>\(Self.escape(device.firmware ?? "-"))</td>"
                + "<td>" + (worst.map { "<span class=\"badge \($0)\">\($0)</span> \(device.findings.count)" } ?? "-") + "</td>"
                + "<td>" + (device.risk.map { "<span class=\"badge \($0.level)\">\($0.score)</span>" } ?? "-") + "</td>"
                + "<td>" + (facts.planByAddress[device.address].map(\.group.title) ?? "-") + "</td>"
                + "<td>"
                + (device.compliance == nil ? "-" : ReportFacts.isCovered(device) ? "<span class=\"badge critical\">covered</span>" : "no")
                + "</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    private func deviceSection(_ device: DeviceReport, plan: ReplacementPlan.Entry?) -> String {
        var html =
            "<article class=\"device\" id=\"\(Self.anchor(device))\"><h3>\(Self.escape(device.address.description)) "
            + "<span class=\"sub\">\(Self.escape(ReportFacts.makerLabel(device))) \(Self.escape(device.model ?? ""))</span>"
        if let risk = device.risk { html += " <span class=\"badge \(risk.level)\">risk \(risk.score)</span>" }
        if let plan { html += " <span class=\"badge \(Self.tone(forGroup: plan.group))\">\(plan.group.title)</span>" }
        if ReportFacts.isCovered(device) { html += " <span class=\"badge critical\">banned maker</span>" }
        html += "</h3>\n<dl>"
        var facts: [(String, String)] = [("Type", device.deviceType.rawValue)]
        if let value = device.hostname { facts.append(("Hostname", value)) }
        if let value = device.manufacturer { facts.append(("Maker", value)) }
        if let value = device.brand { facts.append(("Brand", value)) }
        if let value = device.model { facts.append(("Model", value)) }
        if let value = device.firmware { facts.append(("Firmware", value)) }
        if let value = device.serial { facts.append(("Serial", value)) }
        if let value = device.mac { facts.append(("MAC", value)) }
        facts.append(("Confidence", String(format: "%.2f", device.confidence)))
        facts.append(
            (
                "Open ports",
                device.ports.isEmpty
                    ? "none"
                    : device.ports.map { "\($0.port)/\($0.service)" + ($0.detail.map { " (\($0))" } ?? "") }.joined(separator: ", ")
            ))
        html += facts.map { "<dt>\(Self.escape($0.0))</dt><dd>\(Self.escape($0.1))</dd>" }.joined() + "</dl>\n"
        if let plan, !plan.actions.isEmpty {
            html += "<h4>What to do</h4><ul>" + plan.actions.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>\n"
        }
        if !device.findings.isEmpty {
            html += "<h4>Findings</h4><ul class=\"findings\">"
            for finding in ReportFacts.findingsWorstFirst(device) {
                html +=
                    "<li><span class=\"badge \(finding.severity)\">\(finding.severity)</span> <b>\(Self.escape(finding.id))</b> "
                    + "\(Self.escape(finding.title)) <span class=\"small\">decided by \(Self.escape(finding.decidedBy.rawValue))</span>"
                html += "<ul class=\"evidence\">" + finding.evidence.map { "<li>\(Self.escape($0))</li>" }.joined()
                if let remediation = finding.remediation { html += "<li class=\"fix\">Fix: \(Self.escape(remediation))</li>" }
                html += "</ul></li>"
            }
            html += "</ul>\n"
        }
        if let verdicts = device.compliance, !verdicts.isEmpty {
            let sentences = VerdictSentences(device)
            html += "<h4>Compliance</h4>" + (sentences.lead.map { "<p>\(Self.html($0))</p>" } ?? "") + "<ul>"
            html +=
                zip(verdicts, sentences.rules).map { verdict, sentence in
                    let confidence = String(format: "%.2f", verdict.confidence)
                    let head = "<li><b>\(Self.escape(verdict.ruleSet))</b>: \(verdict.status) (confidence \(confidence))"
                    guard let sentence else {
                        return head + " <span class=\"small\">\(Self.escape(verdict.rule))</span><ul class=\"evidence\">"
                            + verdict.basis.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul></li>"
                    }
                    return head + ". \(Self.html(sentence))<details><summary>Basis</summary><ul class=\"evidence\">"
                        + ([verdict.rule] + verdict.basis).map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul></details></li>"
                }.joined() + "</ul>\n"
        }
        if let risk = device.risk, !risk.items.isEmpty {
            html +=
                "<h4>Why risk \(risk.score)</h4><ul class=\"evidence\">"
                + risk.items.map { item in
                    "<li>+\(item.points) \(Self.escape(item.reason))"
                        + (item.source.map { " <span class=\"small\">(\(Self.escape($0)))</span>" } ?? "") + "</li>"
                }.joined() + "</ul>\n"
        }
        if !device.evidence.isEmpty {
            // Folded: the identification trail matters to an auditor, not to the reader deciding what to replace.
            html +=
                "<details><summary>Identified by \(device.evidence.count) item\(device.evidence.count == 1 ? "" : "s") of evidence</summary><ul class=\"evidence\">"
                + device.evidence.map { item in
                    "<li>\(Self.escape(item.fingerprint)) <span class=\"small\">\(Self.escape(item.probe))"
                        + (item.port.map { " port \($0)" } ?? "")
                        + "</span>: <code>\(Self.escape(String(item.value.prefix(300))))</code></li>"
                }.joined() + "</ul></details>\n"
        }
        let notes =
            device.notes
            + device.conflicts.map {
                "evidence disagrees on \($0.attribute): chose \($0.chosen), also seen \($0.rejected.joined(separator: ", "))"
            }
        if !notes.isEmpty {
            html += "<h4>Notes</h4><ul class=\"evidence\">" + notes.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>\n"
        }
        return html + "</article>\n"
    }

    static func tone(forGroup group: PlanGroup) -> String {
        switch group {
        case .replaceNow: "critical"
        case .patchNow: "high"
        case .harden: "medium"
        case .fine: "ok"
        }
    }

    static func tone(forStatus status: ComplianceStatus) -> String {
        switch status {
        case .covered: "critical"
        case .unknown: "muted"
        case .notCovered: "ok"
        }
    }

    /// A verdict sentence: text escaped, the rule set's title linked to its public document.
    static func html(_ sentence: VerdictSentences.Sentence) -> String {
        sentence.map { piece in
            switch piece {
            case .text(let text): return escape(text)
            case .link(let text, let url) where VerdictSentences.isWebAddress(url):
                return "<a href=\"\(escape(url))\" rel=\"noreferrer\">\(escape(text))</a>"
            case .link(let text, _): return escape(text)
            }
        }.joined()
    }

    static func anchor(_ device: DeviceReport) -> String { "dev-" + anchorText(device.address) }

    /// An id attribute value from an address: `::1` becomes `--1`.
    static func anchorText(_ address: IPAddress) -> String {
        String(address.description.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// Text for an element or a quoted attribute: `& < > " '` become entities; control characters and
    /// bidirectional overrides (which can disguise text) are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out += " "
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
