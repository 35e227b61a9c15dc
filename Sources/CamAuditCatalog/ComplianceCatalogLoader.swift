import Foundation

/// Reads compliance rule sets and the evidence strengths, reporting every problem as a `path:line:` diagnostic.
struct ComplianceCatalogLoader {
    let vocabulary: Vocabulary?
    let oemBrands: [OEMBrand]
    private(set) var diagnostics: [CatalogDiagnostic] = []

    static let ruleSetKeys: Set<String> = [
        "id", "title", "citation", "asOf", "url", "source", "effect", "coversOEMLabels", "coversOEMLabelsSource", "notes", "entities",
    ]
    static let entityKeys: Set<String> = ["entity", "manufacturer", "provision", "equipment", "scope", "dateAdded", "source"]
    static let makerEvidenceKeys: Set<String> = [
        "description", "labelConfidence", "labelSource", "kinds", "otherConfidence", "otherSource",
    ]
    static let kindKeys: Set<String> = ["kind", "description", "fields", "confidence", "source"]
    static let datePattern = #"^\d{4}-\d{2}-\d{2}$"#

    /// Used when maker-evidence.json cannot be read, so verdicts still rank firmware above a MAC prefix.
    static let fallbackMakerEvidence = MakerEvidence(
        description: "fallback", labelConfidence: 0.5, labelSource: "fallback: maker-evidence.json could not be read",
        kinds: [], otherConfidence: 0.3, otherSource: "fallback: maker-evidence.json could not be read"
    )

    init(vocabulary: Vocabulary?, oemBrands: [OEMBrand]) {
        self.vocabulary = vocabulary
        self.oemBrands = oemBrands
    }

    mutating func report(_ path: String, _ line: Int, _ message: String, severity: CatalogDiagnostic.Severity = .error) {
        diagnostics.append(CatalogDiagnostic(path: path, line: line, severity: severity, message: message))
    }

    mutating func loadRuleSets(directory: URL) -> [ComplianceRuleSet] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            report(
                directory.path, 1,
                "cannot read the compliance folder; create \(directory.path) with one <rule-set-id>.json file per rule set")
            return []
        }
        if vocabulary == nil {
            report(directory.path, 1, "no vocabulary available, so covered makers were not checked", severity: .warning)
        }
        var result: [ComplianceRuleSet] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            guard let (source, ruleSet) = decode(ComplianceRuleSet.self, url) else { continue }
            let before = diagnostics.filter { $0.severity == .error }.count
            checkKeys(source, top: Self.ruleSetKeys, listKey: "entities", itemKeys: Self.entityKeys, what: "entity")
            let stem = String(name.dropLast(".json".count))
            if ruleSet.id != stem {
                report(
                    url.path, source.line(ofKey: "id"),
                    "the id \"\(ruleSet.id)\" differs from the file name; name the file \(ruleSet.id).json")
            }
            check(ruleSet, source: source)
            // A rule set with errors is left out so that a broken entry can never decide a verdict.
            if diagnostics.filter({ $0.severity == .error }).count == before { result.append(ruleSet) }
        }
        return result
    }

    mutating func loadMakerEvidence(_ url: URL) -> MakerEvidence {
        guard let (source, evidence) = decode(MakerEvidence.self, url) else { return Self.fallbackMakerEvidence }
        let before = diagnostics.filter { $0.severity == .error }.count
        checkKeys(source, top: Self.makerEvidenceKeys, listKey: "kinds", itemKeys: Self.kindKeys, what: "kind")
        let path = url.path
        for (name, value) in [("labelConfidence", evidence.labelConfidence), ("otherConfidence", evidence.otherConfidence)]
        where !(0...1).contains(value) {
            report(path, source.line(ofKey: name), "\(name) \(value) is outside 0 to 1")
        }
        for (name, text) in [("labelSource", evidence.labelSource), ("otherSource", evidence.otherSource)]
        where text.trimmingCharacters(in: .whitespaces).isEmpty {
            report(path, source.line(ofKey: name), "\"\(name)\" is empty; name where the strength comes from")
        }
        var owner: [String: String] = [:]
        for kind in evidence.kinds {
            let line = source.lines(ofKey: "kind", value: kind.kind).first ?? 1
            if !(0...1).contains(kind.confidence) {
                report(path, line, "kind \"\(kind.kind)\": confidence \(kind.confidence) is outside 0 to 1")
            }
            if let message = EntryRules.emptySource(kind.source) { report(path, line, "kind \"\(kind.kind)\": \(message)") }
            if kind.fields.isEmpty { report(path, line, "kind \"\(kind.kind)\" lists no fields") }
            for field in kind.fields {
                if let other = owner[field] {
                    report(path, line, "field prefix \"\(field)\" is listed by both \"\(other)\" and \"\(kind.kind)\"")
                }
                owner[field] = kind.kind
            }
        }
        // A MAC prefix alone must stay the weakest proof: below any label seen through an OEM relation.
        if let mac = evidence.kind(ofField: "mac.oui"), let weakest = oemBrands.map(\.confidence).min(),
            mac.confidence >= evidence.labelConfidence * weakest
        {
            report(
                path, source.lines(ofKey: "kind", value: mac.kind).first ?? 1,
                "the MAC prefix confidence \(mac.confidence) is not below the weakest label through an OEM relation (\(evidence.labelConfidence) x \(weakest)); a MAC prefix alone must stay the weakest proof",
                severity: .warning)
        }
        return diagnostics.filter({ $0.severity == .error }).count == before ? evidence : Self.fallbackMakerEvidence
    }

    private mutating func check(_ ruleSet: ComplianceRuleSet, source: SourceText) {
        let path = source.path
        if ruleSet.asOf.range(of: Self.datePattern, options: .regularExpression) == nil {
            report(
                path, source.line(ofKey: "asOf"), "asOf \"\(ruleSet.asOf)\" is not a date; write the day the list was checked as YYYY-MM-DD"
            )
        }
        for (key, text) in [
            ("title", ruleSet.title), ("citation", ruleSet.citation), ("source", ruleSet.source), ("effect", ruleSet.effect),
        ]
        where text.trimmingCharacters(in: .whitespaces).isEmpty {
            report(path, source.line(ofKey: key), "\"\(key)\" is empty; a rule set says what it is, where it comes from and what it does")
        }
        if ruleSet.coversOEMLabels, (ruleSet.coversOEMLabelsSource ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            report(
                path, source.line(ofKey: "coversOEMLabels"),
                "coversOEMLabels is true but coversOEMLabelsSource is missing; name the text that makes relabelled devices count")
        }
        if ruleSet.entities.isEmpty {
            report(path, source.line(ofKey: "entities"), "the rule set names no entity")
        }
        var seenMakers: Set<String> = []
        for entity in ruleSet.entities {
            let line = source.lines(ofKey: "entity", value: entity.entity).first ?? source.line(ofKey: "entities")
            if let message = EntryRules.emptySource(entity.source) { report(path, line, "entity \"\(entity.entity)\": \(message)") }
            if entity.dateAdded.range(of: Self.datePattern, options: .regularExpression) == nil {
                report(path, line, "entity \"\(entity.entity)\": dateAdded \"\(entity.dateAdded)\" is not YYYY-MM-DD")
            }
            guard let manufacturer = entity.manufacturer else { continue }
            if !seenMakers.insert(manufacturer).inserted {
                report(path, line, "manufacturer \"\(manufacturer)\" is named by two entities; keep one entry per maker")
            }
            checkManufacturer(manufacturer, path: path, line: line)
        }
    }

    private mutating func checkManufacturer(_ name: String, path: String, line: Int) {
        guard let vocabulary else { return }
        switch vocabulary.resolve(name) {
        case .manufacturer(let canonical) where canonical == name:
            return
        case .manufacturer(let canonical):
            report(path, line, "manufacturer \"\(name)\" is spelled differently in vocabulary.json; write \"\(canonical)\"")
        case .brand(let brand):
            report(path, line, "\"\(name)\" is the brand \(brand), not a manufacturer; name the maker (brands follow oem-brands.json)")
        case nil:
            report(path, line, "manufacturer \"\(name)\" is not in vocabulary.json; add it there so devices can be identified as it")
        }
    }

    /// Flags keys the decoder would silently ignore, such as a misspelt `manufacturer`.
    private mutating func checkKeys(_ source: SourceText, top: Set<String>, listKey: String, itemKeys: Set<String>, what: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(source.text.utf8))) as? [String: Any] else { return }
        for key in object.keys.sorted() where !top.contains(key) {
            report(source.path, source.line(ofKey: key), "unknown key \"\(key)\" (allowed: \(top.sorted().joined(separator: ", ")))")
        }
        for (index, item) in ((object[listKey] as? [Any]) ?? []).enumerated() {
            guard let item = item as? [String: Any] else { continue }
            for key in item.keys.sorted() where !itemKeys.contains(key) {
                report(
                    source.path, source.line(ofKey: key),
                    "\(what) #\(index + 1) has unknown key \"\(key)\" (allowed: \(itemKeys.sorted().joined(separator: ", ")))")
            }
        }
    }

    private mutating func decode<Value: Decodable>(_ type: Value.Type, _ url: URL) -> (SourceText, Value)? {
        guard let (source, data) = SourceText.read(url, problem: { report(url.path, 1, $0) }) else { return nil }
        switch CatalogJSON.decode(Value.self, from: data, source: source) {
        case .success(let value): return (source, value)
        case .failure(let failure):
            report(url.path, failure.line, failure.message)
            return nil
        }
    }
}
