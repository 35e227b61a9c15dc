import CamAuditCore
import Foundation

extension FingerprintCatalog {
    /// Checks the whole catalog: schema, vocabulary, ids, patterns, and that every example
    /// matches, extracts exactly its expected attributes, and is matched first by its own entry.
    public func lint() -> [CatalogDiagnostic] {
        var diagnostics = loadDiagnostics
        diagnostics += lintVocabulary()
        diagnostics += lintOEMBrands()
        diagnostics += lintDeviceTypeRules()
        var firstDefinition: [String: CatalogLocation] = [:]
        for file in files {
            for fingerprint in file.fingerprints {
                if let first = firstDefinition[fingerprint.id] {
                    diagnostics.append(
                        error(fingerprint.location, EntryRules.duplicateMessage(fingerprint.id) + " (first defined at \(first))"))
                } else {
                    firstDefinition[fingerprint.id] = fingerprint.location
                }
                diagnostics += lintEntry(fingerprint)
                diagnostics += lintExamples(fingerprint, in: file)
            }
        }
        return diagnostics
    }

    private func error(_ location: CatalogLocation, _ message: String) -> CatalogDiagnostic {
        CatalogDiagnostic(path: location.path, line: location.line, message: message)
    }

    private func lintEntry(_ fingerprint: Fingerprint) -> [CatalogDiagnostic] {
        var diagnostics: [CatalogDiagnostic] = []
        let location = fingerprint.location
        let name = "fingerprint \"\(fingerprint.id)\""
        if fingerprint.id.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.append(error(location, "a fingerprint has an empty id"))
        }
        if fingerprint.description.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.append(error(location, "\(name) has an empty description"))
        }
        if let message = EntryRules.emptySource(fingerprint.source) { diagnostics.append(error(location, "\(name): \(message)")) }
        if !(0...1).contains(fingerprint.weight) {
            diagnostics.append(error(location, "\(name) has weight \(fingerprint.weight); use a number from 0 to 1"))
        }
        if fingerprint.params.isEmpty { diagnostics.append(error(location, "\(name) claims nothing; add at least one param")) }
        for (key, template) in fingerprint.params.sorted(by: { $0.key < $1.key }) {
            guard FingerprintAttribute.names.contains(key) else {
                diagnostics.append(
                    error(
                        location,
                        "\(name) has unknown attribute \"\(key)\" (use \(FingerprintAttribute.allCases.map(\.rawValue).joined(separator: ", ")))"
                    ))
                continue
            }
            let captured = template.contains("$")
            switch key {
            case FingerprintAttribute.deviceType.rawValue:
                if DeviceType(rawValue: template) == nil {
                    diagnostics.append(
                        error(
                            location,
                            "\(name) has deviceType \"\(template)\"; use one of \(DeviceType.allCases.map(\.rawValue).joined(separator: ", "))"
                        ))
                }
            case FingerprintAttribute.manufacturer.rawValue where !captured:
                if !vocabulary.isManufacturer(template) {
                    diagnostics.append(
                        error(
                            location, "\(name) names manufacturer \"\(template)\", which is not a canonical manufacturer in vocabulary.json"
                        ))
                }
            case FingerprintAttribute.brand.rawValue where !captured:
                if !vocabulary.isBrand(template) {
                    diagnostics.append(
                        error(location, "\(name) names brand \"\(template)\", which is not a canonical brand in vocabulary.json"))
                }
            default:
                break
            }
        }
        if let compiled = fingerprint.compiled {
            for group in fingerprint.referencedGroups.sorted() where group > compiled.numberOfCaptureGroups {
                diagnostics.append(
                    error(location, "\(name) refers to $\(group) but the pattern has \(compiled.numberOfCaptureGroups) capture group(s)"))
            }
        }
        if fingerprint.examples.isEmpty {
            diagnostics.append(error(location, "\(name) has no examples; add at least one real value it must match"))
        }
        return diagnostics
    }

    private func lintExamples(_ fingerprint: Fingerprint, in file: FingerprintFile) -> [CatalogDiagnostic] {
        guard fingerprint.compiled != nil else { return [] }
        var diagnostics: [CatalogDiagnostic] = []
        for (index, example) in fingerprint.examples.enumerated() {
            let label = "fingerprint \"\(fingerprint.id)\" example #\(index + 1)"
            if example.value.utf16.count > Self.maximumMatchedLength {
                diagnostics.append(
                    error(
                        fingerprint.location,
                        "\(label) is longer than \(Self.maximumMatchedLength) characters, which is more than is ever matched"))
                continue
            }
            switch check(example, of: fingerprint, in: file) {
            case .passed:
                break
            case .noMatch:
                diagnostics.append(
                    error(fingerprint.location, "\(label) does not match its own pattern: \(example.value.debugDescription)"))
            case .wrongAttributes(let extracted):
                diagnostics.append(
                    error(fingerprint.location, "\(label) extracts \(Self.render(extracted)) but expects \(Self.render(example.expect))"))
            case .shadowed(let by):
                diagnostics.append(
                    error(
                        fingerprint.location,
                        "\(label) is matched first by \"\(by.id)\" (\(by.location)); move this entry above it or make that pattern narrower"
                    ))
            }
        }
        return diagnostics
    }

    /// The outcome of running one example against its catalog entry.
    public enum ExampleOutcome: Sendable {
        case passed
        case noMatch
        case wrongAttributes([String: String])
        case shadowed(by: Fingerprint)
    }

    /// Runs one example the way lint does: match, exact attributes, and first in its file.
    public func check(_ example: FingerprintExample, of fingerprint: Fingerprint, in file: FingerprintFile) -> ExampleOutcome {
        let value = Self.bounded(example.value)
        guard let extracted = fingerprint.attributes(matching: value, vocabulary: vocabulary) else { return .noMatch }
        guard extracted == example.expect else { return .wrongAttributes(extracted) }
        if let first = file.fingerprints.first(where: { $0.attributes(matching: value, vocabulary: vocabulary) != nil }),
            first.id != fingerprint.id || first.location != fingerprint.location
        {
            return .shadowed(by: first)
        }
        return .passed
    }

    private static func render(_ attributes: [String: String]) -> String {
        "{" + attributes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.debugDescription)" }.joined(separator: ", ") + "}"
    }

    private func lintVocabulary() -> [CatalogDiagnostic] {
        var diagnostics: [CatalogDiagnostic] = []
        var owner: [String: String] = [:]
        for entry in vocabulary.manufacturers + vocabulary.brands {
            if entry.source.trimmingCharacters(in: .whitespaces).isEmpty {
                diagnostics.append(error(entry.location, "vocabulary entry \"\(entry.name)\" has no source"))
            }
            for spelling in Set(([entry.name] + entry.aliases).map(Vocabulary.key)) {
                if let other = owner[spelling], other != entry.name {
                    diagnostics.append(
                        error(
                            entry.location,
                            "the spelling \"\(spelling)\" belongs to both \"\(other)\" and \"\(entry.name)\"; keep it in one entry"))
                }
                owner[spelling] = entry.name
            }
        }
        return diagnostics
    }

    private func lintOEMBrands() -> [CatalogDiagnostic] {
        var diagnostics: [CatalogDiagnostic] = []
        var seen: Set<String> = []
        for brand in oemBrands {
            let name = "OEM brand \"\(brand.brand)\""
            if !seen.insert(brand.brand).inserted { diagnostics.append(error(brand.location, "\(name) is listed twice")) }
            if !vocabulary.isBrand(brand.brand) {
                diagnostics.append(error(brand.location, "\(name) is not a canonical brand in vocabulary.json"))
            }
            if !vocabulary.isManufacturer(brand.manufacturer) {
                diagnostics.append(
                    error(
                        brand.location,
                        "\(name) names manufacturer \"\(brand.manufacturer)\", which is not a canonical manufacturer in vocabulary.json"))
            }
            if !(0...1).contains(brand.confidence) { diagnostics.append(error(brand.location, "\(name) needs a confidence from 0 to 1")) }
            if brand.source.trimmingCharacters(in: .whitespaces).isEmpty {
                diagnostics.append(error(brand.location, "\(name) has no source"))
            }
        }
        return diagnostics
    }

    /// Model families: canonical makers, sources, examples matched first by their own family (within
    /// the maker, in file order), counterexamples not taken by it; evidence ranks with sources.
    private func lintDeviceTypeRules() -> [CatalogDiagnostic] {
        var diagnostics: [CatalogDiagnostic] = []
        let rules = deviceTypeRules
        for entry in rules.ranks where entry.source.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.append(error(entry.location, "evidence rank \"\(entry.name)\" has no source"))
        }
        for family in rules.families {
            let name = "model family \"\(family.id)\""
            if !vocabulary.isManufacturer(family.manufacturer) {
                diagnostics.append(
                    error(
                        family.location,
                        "\(name) names manufacturer \"\(family.manufacturer)\", which is not a canonical manufacturer in vocabulary.json"))
            }
            if family.source.trimmingCharacters(in: .whitespaces).isEmpty {
                diagnostics.append(error(family.location, "\(name) has no source"))
            }
            if family.examples.isEmpty {
                diagnostics.append(error(family.location, "\(name) has no examples; add real model numbers it must match"))
            }
            guard family.compiled != nil else { continue }
            for example in family.examples {
                let first = rules.firstFamily(ofManufacturer: family.manufacturer, matching: example)
                if first == nil || first?.id != family.id {
                    let by = first.map { "is matched first by \"\($0.id)\"" } ?? "does not match"
                    diagnostics.append(
                        error(family.location, "\(name) example \(example.debugDescription) \(by); reorder the families or fix the pattern")
                    )
                }
            }
            for counter in family.counterExamples
            where rules.firstFamily(ofManufacturer: family.manufacturer, matching: counter)?.id == family.id {
                diagnostics.append(
                    error(family.location, "\(name) takes its counterexample \(counter.debugDescription); narrow the pattern"))
            }
        }
        return diagnostics
    }
}
