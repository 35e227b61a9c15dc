import CamAuditCatalog
import CamAuditCore

/// Scores a device 0 to 100 from its findings and verdicts, with the items that made the score (`RiskWeights`).
public struct RiskScorer: Sendable {
    public let vulnerabilities: VulnerabilityCatalog

    public init(vulnerabilities: VulnerabilityCatalog) {
        self.vulnerabilities = vulnerabilities
    }

    /// The score; its items always sum to it (a negative `cap` item when the sum passed 100).
    public func score(_ device: DeviceReport, compliance: [ComplianceVerdict]) -> RiskScore {
        var items: [RiskScore.Item] = []
        var seen: Set<String> = []
        for finding in device.findings where seen.insert(finding.id).inserted {
            items += self.items(for: finding, model: device.model)
        }
        if let covered = compliance.filter({ $0.status == .covered }).max(by: { $0.confidence < $1.confidence }) {
            let points = Int((Double(RiskWeights.covered.points) * covered.confidence).rounded())
            let rules = compliance.filter { $0.status == .covered }.map(\.ruleSet).joined(separator: ", ")
            if points > 0 {
                items.append(
                    .init(
                        reason:
                            "\(RiskWeights.covered.reason): covered by \(rules), confidence \(ComplianceJudge.text(covered.confidence))",
                        points: points, source: covered.ruleSet))
            }
        }
        if let endOfLife = endOfLife(device) {
            items.append(
                .init(
                    reason: "\(RiskWeights.endOfLife.reason): \(endOfLife.id) says \"\(endOfLife.note)\"",
                    points: RiskWeights.endOfLife.points, source: endOfLife.id))
        }
        let total = items.reduce(0) { $0 + $1.points }
        if total > 100 { items.append(.init(reason: "score capped at 100", points: 100 - total, source: nil)) }
        let score = min(total, 100)
        return RiskScore(score: score, level: RiskWeights.level(score: score), items: items)
    }

    /// The items one finding adds: severity and KEV for a vulnerability, its table weight otherwise.
    func items(for finding: Finding, model: String?) -> [RiskScore.Item] {
        guard finding.kind == .vulnerability else {
            guard let weight = RiskWeights.findings[finding.id] ?? RiskWeights.kind(finding.kind) else { return [] }
            return [.init(reason: "\(weight.reason) (\(finding.id))", points: weight.points, source: finding.id)]
        }
        var items: [RiskScore.Item] = []
        let vulnerability = vulnerabilities.vulnerability(id: finding.id)
        let severityWeight = RiskWeights.severity(finding.severity)
        if severityWeight.points > 0 {
            let score = vulnerability?.cvss.score.map { ", CVSS v3 \($0)" } ?? ""
            items.append(
                .init(reason: "\(finding.id): \(severityWeight.reason)\(score)", points: severityWeight.points, source: finding.id))
        }
        if Self.isKEVListed(finding, vulnerability) {
            let since = vulnerability?.kev.dateAdded.map { " since \($0)" } ?? ""
            items.append(
                .init(reason: "\(finding.id): \(RiskWeights.kev.reason)\(since)", points: RiskWeights.kev.points, source: finding.id))
        }
        return items
    }

    /// KEV status from the finding's own evidence line, or from the vulnerability file.
    static func isKEVListed(_ finding: Finding, _ vulnerability: Vulnerability?) -> Bool {
        finding.evidence.contains { $0.hasPrefix("CISA KEV: listed") } || vulnerability?.kev.listed == true
    }

    /// The first vulnerability found on the device whose file says the product is end of life, with that line.
    ///
    /// The reference has no separate end-of-life list, so end of life is known only through a vulnerability file's `fixed`
    /// field (or its `model` check) for a vulnerability found on this device.
    public func endOfLife(_ device: DeviceReport) -> (id: String, note: String)? {
        for finding in device.findings where finding.kind == .vulnerability {
            guard let vulnerability = vulnerabilities.vulnerability(id: finding.id) else { continue }
            if let note = VulnerabilityRemedy(vulnerability, model: device.model).endOfLife { return (finding.id, note) }
        }
        return nil
    }
}
