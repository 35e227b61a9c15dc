import CamAuditCatalog
import CamAuditCore
import Foundation

/// Decides vulnerabilities from an identity alone (manufacturer, model, firmware): no request is sent.
public struct PassiveChecker: Sendable {
    /// One passive family, with its model pattern compiled once.
    struct CompiledFamily: Sendable {
        let family: Vulnerability.Family
        let pattern: ModelPattern
        let grammar: VulnerabilityVersionGrammar
    }

    public let catalog: VulnerabilityCatalog
    private let familiesByVulnerability: [(Vulnerability, [CompiledFamily])]

    public init(catalog: VulnerabilityCatalog) {
        self.catalog = catalog
        familiesByVulnerability = catalog.vulnerabilities.map { vulnerability in
            let families = vulnerability.checks
                .filter { $0.method == "version" && $0.safety == VulnerabilitySafety.passive.rawValue }
                .flatMap { check -> [CompiledFamily] in
                    guard let grammar = check.grammar.flatMap(VulnerabilityVersionGrammar.init(rawValue:)) else { return [] }
                    return (check.families ?? []).compactMap { family in
                        ModelPattern(family.modelPattern).map { CompiledFamily(family: family, pattern: $0, grammar: grammar) }
                    }
                }
            return (vulnerability, families)
        }
    }

    /// The vulnerabilities whose affected ranges hold this identity's firmware; empty when model or firmware is unknown.
    public func findings(for identity: Identity) -> [Finding] {
        guard let manufacturer = identity.manufacturer, let model = identity.model, let firmware = identity.firmware,
              !model.isEmpty, !firmware.isEmpty else { return [] }
        var findings: [Finding] = []
        for (vulnerability, families) in familiesByVulnerability where vulnerability.vendor == manufacturer {
            if let finding = finding(vulnerability, families: families, model: model, firmware: firmware) {
                findings.append(finding)
            }
        }
        return findings
    }

    private func finding(_ vulnerability: Vulnerability, families: [CompiledFamily], model: String, firmware: String) -> Finding? {
        for compiled in families where compiled.pattern.matches(model) {
            guard let version = compiled.grammar.parse(firmware) else { continue }
            for range in compiled.family.ranges where version.isIn(range, grammar: compiled.grammar) == true {
                let decision = "passive: firmware \(firmware) is in the affected range \(range.text) for \(compiled.family.name)"
                var evidence = [decision, "model \(model) matches \(compiled.family.modelPattern)"]
                if let score = vulnerability.cvss.score { evidence.append("CVSS v3 \(score)" + (vulnerability.cvss.vector.map { " \($0)" } ?? "")) }
                if vulnerability.kev.listed { evidence.append("CISA KEV: listed" + (vulnerability.kev.dateAdded.map { " since \($0)" } ?? "")) }
                if let ids = vulnerability.icsAdvisories.ids, !ids.isEmpty { evidence.append("ICS advisories: " + ids.joined(separator: ", ")) }
                return Finding(
                    id: vulnerability.cve, title: vulnerability.title, severity: Self.severity(score: vulnerability.cvss.score),
                    kind: "vulnerability", decidedBy: "version", evidence: evidence, remediation: vulnerability.remediation.text)
            }
        }
        return nil
    }

    /// CVSS v3 qualitative rating: critical >= 9, high >= 7, medium >= 4, low > 0, otherwise none (unknown without a score).
    public static func severity(score: Double?) -> String {
        guard let score else { return "unknown" }
        switch score {
        case 9...: return "critical"
        case 7..<9: return "high"
        case 4..<7: return "medium"
        case let value where value > 0: return "low"
        default: return "none"
        }
    }
}
