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
        /// The device types an OEM-labelled device must have for this family's ranges to reach it; empty without `oemLabels`.
        let oemDeviceTypes: Set<DeviceType>
    }

    public let catalog: VulnerabilityCatalog
    private let familiesByVulnerability: [(Vulnerability, [CompiledFamily])]
    /// Families of `model` checks: every firmware of these models is affected (end of life, no fix).
    private let modelFamiliesByVulnerability: [(Vulnerability, [(Vulnerability.Family, ModelPattern)])]

    public init(catalog: VulnerabilityCatalog) {
        self.catalog = catalog
        familiesByVulnerability = catalog.vulnerabilities.map { vulnerability in
            let families = vulnerability.checks
                .filter { $0.method == "version" && $0.safety == VulnerabilitySafety.passive.rawValue }
                .flatMap { check -> [CompiledFamily] in
                    guard let grammar = check.grammar.flatMap(VulnerabilityVersionGrammar.init(rawValue:)) else { return [] }
                    return (check.families ?? []).compactMap { family in
                        ModelPattern(family.modelPattern).map {
                            CompiledFamily(
                                family: family, pattern: $0, grammar: grammar,
                                oemDeviceTypes: Set((family.oemLabels?.deviceTypes ?? []).compactMap(DeviceType.init(rawValue:))))
                        }
                    }
                }
            return (vulnerability, families)
        }
        modelFamiliesByVulnerability = catalog.vulnerabilities.map { vulnerability in
            let families = vulnerability.checks
                .filter { $0.method == "model" && $0.safety == VulnerabilitySafety.passive.rawValue }
                .flatMap { ($0.families ?? []).compactMap { family in ModelPattern(family.modelPattern).map { (family, $0) } } }
            return (vulnerability, families)
        }
    }

    /// The vulnerabilities whose affected ranges hold this identity's firmware, and those that affect every
    /// firmware of its model; empty when the model (or, for ranges, the firmware) is unknown.
    public func findings(for identity: Identity) -> [Finding] {
        guard let manufacturer = identity.manufacturer, let model = identity.model, !model.isEmpty else { return [] }
        var findings: [Finding] = []
        for (vulnerability, families) in modelFamiliesByVulnerability where vulnerability.vendor == manufacturer {
            if let (family, _) = families.first(where: { $0.1.matches(model) }) {
                var evidence = [
                    "passive: every firmware of \(family.name) is affected (end of life, no fixed build); model \(model) matches \(family.modelPattern)"
                ]
                evidence += Self.scoreLines(vulnerability)
                findings.append(
                    Finding(
                        id: vulnerability.cve, title: vulnerability.title, severity: Severity(cvssScore: vulnerability.cvss.score),
                        kind: .vulnerability, decidedBy: .model, evidence: evidence, remediation: vulnerability.remediation.text))
            }
        }
        guard let firmware = identity.firmware, !firmware.isEmpty else { return findings }
        for (vulnerability, families) in familiesByVulnerability where vulnerability.vendor == manufacturer {
            if let finding = finding(vulnerability, families: families, identity: identity, model: model, firmware: firmware)
                ?? oemLabelFinding(vulnerability, families: families, identity: identity, model: model, firmware: firmware)
            {
                findings.append(finding)
            }
        }
        return findings
    }

    /// A labelled device whose model is the label's own name (ANNKE `I91BM`) meets its maker's firmware line
    /// when the family carries `oemLabels`, the label is an OEM relation of the maker, the device type is the
    /// line's, and the firmware is the maker's (named by firmware-level evidence, not only inferred from the label).
    private func oemLabelFinding(
        _ vulnerability: Vulnerability, families: [CompiledFamily], identity: Identity, model: String,
        firmware: String
    ) -> Finding? {
        guard let brand = identity.brand, let relation = catalog.oemRelation(brand: brand, manufacturer: vulnerability.vendor),
            let witnesses = Self.firmwareWitnesses(identity, maker: vulnerability.vendor)
        else { return nil }
        for compiled in families where compiled.family.oemLabels != nil && compiled.oemDeviceTypes.contains(identity.deviceType) {
            let excluded = compiled.family.oemLabels?.excludedLabels ?? []
            if excluded.contains(where: { $0.caseInsensitiveCompare(relation.brand) == .orderedSame }) { continue }
            guard let version = compiled.grammar.parse(firmware) else { continue }
            for range in compiled.family.ranges where version.isIn(range, grammar: compiled.grammar) == true {
                let why =
                    "model \(model) is the label's own name, so \(relation.manufacturer)'s \(identity.deviceType.rawValue) firmware line applies"
                let evidence =
                    ["passive: firmware \(firmware) is in the affected range \(range.text) for \(compiled.family.name)"]
                    + relationEvidence(label: relation.brand, vendor: vulnerability.vendor, witnesses: witnesses, why: why)
                    + Self.scoreLines(vulnerability)
                return Finding(
                    id: vulnerability.cve, title: vulnerability.title, severity: Severity(cvssScore: vulnerability.cvss.score),
                    kind: .vulnerability, decidedBy: .version, evidence: evidence, remediation: vulnerability.remediation.text)
            }
        }
        return nil
    }

    /// The fingerprints that name `maker` from the firmware itself; nil when the maker is only inferred from a label
    /// (an ANNKE title alone does not show Hikvision firmware: some ANNKE lines run another maker's).
    /// An identity without evidence (a fixture, an imported inventory) is taken at its word: an empty list.
    static func firmwareWitnesses(_ identity: Identity, maker: String) -> [String]? {
        guard !identity.evidence.isEmpty else { return [] }
        var witnesses: [String] = []
        for item in identity.evidence
        where item.claims[FingerprintAttribute.manufacturer.rawValue] == maker && item.claims["inferredFromBrand"] == nil {
            if !witnesses.contains(item.fingerprint) { witnesses.append(item.fingerprint) }
        }
        return witnesses.isEmpty ? nil : witnesses
    }

    private func finding(_ vulnerability: Vulnerability, families: [CompiledFamily], identity: Identity, model: String, firmware: String)
        -> Finding?
    {
        for compiled in families where compiled.pattern.matches(model) {
            // A family of an OEM label's own model names (ANNKE I91BM) counts only where the maker's firmware is seen.
            var relationLines: [String] = []
            if let label = compiled.family.label {
                guard let witnesses = Self.firmwareWitnesses(identity, maker: vulnerability.vendor) else { continue }
                relationLines = relationEvidence(
                    label: label, vendor: vulnerability.vendor, witnesses: witnesses,
                    why: "model \(model) is in \(label)'s own line of \(vulnerability.vendor) hardware")
            }
            guard let version = compiled.grammar.parse(firmware) else { continue }
            for range in compiled.family.ranges where version.isIn(range, grammar: compiled.grammar) == true {
                let decision = "passive: firmware \(firmware) is in the affected range \(range.text) for \(compiled.family.name)"
                let evidence =
                    [decision, "model \(model) matches \(compiled.family.modelPattern)"] + relationLines + Self.scoreLines(vulnerability)
                return Finding(
                    id: vulnerability.cve, title: vulnerability.title, severity: Severity(cvssScore: vulnerability.cvss.score),
                    kind: .vulnerability, decidedBy: .version, evidence: evidence, remediation: vulnerability.remediation.text)
            }
        }
        return nil
    }

    /// The lines that cite an OEM relation: which label, which maker, why, the relation's source, and what shows the maker's firmware.
    private func relationEvidence(label: String, vendor: String, witnesses: [String], why: String) -> [String] {
        let relation = catalog.oemRelation(brand: label, manufacturer: vendor)
        var lines = [
            "OEM relation: \(relation?.brand ?? label) is a label of \(vendor)"
                + (relation.map { " (\($0.relationship); source: \($0.source))" } ?? "") + "; \(why)"
        ]
        lines.append(
            witnesses.isEmpty
                ? "firmware maker \(vendor) as the identity states it"
                : "firmware maker \(vendor) named by firmware-level evidence: \(witnesses.joined(separator: ", "))")
        return lines
    }

    /// CVSS, KEV and ICS advisory lines every vulnerability finding carries.
    static func scoreLines(_ vulnerability: Vulnerability) -> [String] {
        var lines: [String] = []
        if let score = vulnerability.cvss.score { lines.append("CVSS v3 \(score)" + (vulnerability.cvss.vector.map { " \($0)" } ?? "")) }
        if vulnerability.kev.listed { lines.append("CISA KEV: listed" + (vulnerability.kev.dateAdded.map { " since \($0)" } ?? "")) }
        if let ids = vulnerability.icsAdvisories.ids, !ids.isEmpty { lines.append("ICS advisories: " + ids.joined(separator: ", ")) }
        return lines
    }
}
