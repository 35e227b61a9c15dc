import CamAuditCore
import Foundation

/// Reads a catalog folder (`fingerprints/*.json`, `vocabulary.json`, `oem-brands.json`, `device-types.json`),
/// collecting every structural problem as a diagnostic instead of stopping at the first.
struct CatalogLoader {
    private(set) var diagnostics: [CatalogDiagnostic] = []

    static let fileKeys: Set<String> = ["field", "description", "fingerprints"]
    static let entryKeys: Set<String> = ["id", "description", "pattern", "flags", "params", "weight", "source", "examples", "notes"]
    static let exampleKeys: Set<String> = ["value", "expect", "notes"]
    static let vocabularyEntryKeys: Set<String> = ["name", "aliases", "defaultDeviceType", "source", "notes"]
    static let oemKeys: Set<String> = ["brand", "manufacturer", "relationship", "confidence", "source", "notes"]

    mutating func load(directory: URL) -> FingerprintCatalog {
        let vocabulary = loadVocabulary(directory.appendingPathComponent("vocabulary.json"))
        let oemBrands = loadOEMBrands(directory.appendingPathComponent("oem-brands.json"))
        let deviceTypeRules = loadDeviceTypeRules(directory.appendingPathComponent("device-types.json"))
        var files: [FingerprintFile] = []
        let folder = directory.appendingPathComponent("fingerprints")
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            report(
                folder.path, 1, "cannot read the fingerprint folder; create \(folder.path) with one <field>.json file per observed field")
            names = []
        }
        for name in names {
            if let file = loadFingerprintFile(folder.appendingPathComponent(name)) { files.append(file) }
        }
        return FingerprintCatalog(
            files: files, vocabulary: vocabulary, oemBrands: oemBrands, deviceTypeRules: deviceTypeRules, loadDiagnostics: diagnostics)
    }

    mutating func report(_ path: String, _ line: Int, _ message: String) {
        diagnostics.append(CatalogDiagnostic(path: path, line: line, message: message))
    }

    /// Reads and parses a JSON file; nil (with a diagnostic) when it is unreadable or malformed.
    mutating func readJSON(_ url: URL) -> (SourceText, [String: Any])? {
        guard let (source, data) = SourceText.read(url, problem: { report(url.path, 1, $0) }) else { return nil }
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                report(url.path, 1, "the file must hold one JSON object")
                return nil
            }
            return (source, object)
        } catch {
            report(url.path, 1, "invalid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)")")
            return nil
        }
    }

    mutating func checkKeys(_ object: [String: Any], allowed: Set<String>, required: [String], what: String, path: String, line: Int) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            report(path, line, "\(what) has unknown key \"\(key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        for key in required where object[key] == nil {
            report(path, line, "\(what) is missing the required key \"\(key)\"")
        }
    }

    // MARK: Fingerprint files

    private mutating func loadFingerprintFile(_ url: URL) -> FingerprintFile? {
        guard let (source, object) = readJSON(url) else { return nil }
        let path = url.path
        checkKeys(
            object, allowed: Self.fileKeys, required: ["field", "description", "fingerprints"], what: "the file", path: path, line: 1)
        let expectedField = url.deletingPathExtension().lastPathComponent
        let field = object["field"] as? String ?? expectedField
        if field != expectedField {
            report(path, source.line(ofKey: "field"), "field \"\(field)\" does not match the file name; name the file \(field).json")
        }
        guard let entries = object["fingerprints"] as? [Any] else {
            if object["fingerprints"] != nil { report(path, source.line(ofKey: "fingerprints"), "\"fingerprints\" must be an array") }
            return nil
        }
        var seenIDs: [String: Int] = [:]
        var fingerprints: [Fingerprint] = []
        for (index, entry) in entries.enumerated() {
            guard let entry = entry as? [String: Any] else {
                report(path, source.line(ofKey: "fingerprints"), "fingerprint #\(index + 1) must be a JSON object")
                continue
            }
            let id = entry["id"] as? String ?? ""
            let occurrence = seenIDs[id, default: 0]
            seenIDs[id] = occurrence + 1
            let lines = id.isEmpty ? [] : source.lines(ofKey: "id", value: id)
            let line = occurrence < lines.count ? lines[occurrence] : source.line(ofKey: "fingerprints")
            if let fingerprint = parseFingerprint(
                entry, index: index, field: ObservedField(rawValue: field), location: CatalogLocation(path: path, line: line))
            {
                fingerprints.append(fingerprint)
            }
        }
        return FingerprintFile(
            path: path, field: ObservedField(rawValue: field), description: object["description"] as? String ?? "",
            fingerprints: fingerprints)
    }

    private mutating func parseFingerprint(_ entry: [String: Any], index: Int, field: ObservedField, location: CatalogLocation)
        -> Fingerprint?
    {
        let path = location.path, line = location.line
        let label = (entry["id"] as? String).map { "fingerprint \"\($0)\"" } ?? "fingerprint #\(index + 1)"
        checkKeys(
            entry, allowed: Self.entryKeys, required: ["id", "description", "pattern", "params", "weight", "source", "examples"],
            what: label, path: path, line: line)
        guard let id = entry["id"] as? String, let pattern = entry["pattern"] as? String else {
            if entry["id"] != nil || entry["pattern"] != nil { report(path, line, "\(label): \"id\" and \"pattern\" must be strings") }
            return nil
        }
        var flags: [String] = []
        if let rawFlags = entry["flags"] {
            if let list = rawFlags as? [String] {
                flags = list
            } else {
                report(path, line, "\(label): \"flags\" must be an array of strings such as [\"i\"]")
            }
        }
        var params: [String: String] = [:]
        if let rawParams = entry["params"] {
            if let dictionary = rawParams as? [String: String] {
                params = dictionary
            } else {
                report(path, line, "\(label): \"params\" must be an object of string values")
            }
        }
        var weight = 0.0
        if let rawWeight = entry["weight"] {
            if let number = rawWeight as? Double {
                weight = number
            } else {
                report(path, line, "\(label): \"weight\" must be a number from 0 to 1")
            }
        }
        if entry["source"] != nil, !(entry["source"] is String) { report(path, line, "\(label): \"source\" must be a string") }
        var examples: [FingerprintExample] = []
        if let rawExamples = entry["examples"] {
            if let list = rawExamples as? [Any] {
                for (exampleIndex, rawExample) in list.enumerated() {
                    guard let example = rawExample as? [String: Any] else {
                        report(path, line, "\(label): example #\(exampleIndex + 1) must be an object with \"value\" and \"expect\"")
                        continue
                    }
                    checkKeys(
                        example, allowed: Self.exampleKeys, required: ["value", "expect"], what: "\(label) example #\(exampleIndex + 1)",
                        path: path, line: line)
                    guard let value = example["value"] as? String, let expect = example["expect"] as? [String: String] else {
                        report(
                            path, line,
                            "\(label): example #\(exampleIndex + 1) needs a string \"value\" and an \"expect\" object of strings")
                        continue
                    }
                    examples.append(FingerprintExample(value: value, expect: expect))
                }
            } else {
                report(path, line, "\(label): \"examples\" must be an array")
            }
        }
        var compiled: CompiledPattern?
        switch CompiledPattern.compile(pattern, flags: flags) {
        case .success(let pattern): compiled = pattern
        case .failure(let error): report(path, line, "\(label): \(error.message)")
        }
        return Fingerprint(
            id: id, field: field, description: entry["description"] as? String ?? "", pattern: pattern, flags: flags,
            params: params, weight: weight, source: entry["source"] as? String ?? "", examples: examples,
            location: location, compiled: compiled
        )
    }

    // MARK: Vocabulary and OEM brands

    private mutating func loadVocabulary(_ url: URL) -> Vocabulary {
        guard let (source, object) = readJSON(url) else { return .empty }
        checkKeys(
            object, allowed: ["description", "manufacturers", "brands"], required: ["manufacturers", "brands"], what: "the vocabulary",
            path: url.path, line: 1)
        let manufacturers = parseVocabularyEntries(object["manufacturers"], kind: "manufacturer", source: source)
        let brands = parseVocabularyEntries(object["brands"], kind: "brand", source: source)
        return Vocabulary(manufacturers: manufacturers, brands: brands)
    }

    private mutating func parseVocabularyEntries(_ raw: Any?, kind: String, source: SourceText) -> [Vocabulary.Entry] {
        guard let list = raw as? [Any] else { return [] }
        var entries: [Vocabulary.Entry] = []
        for (index, rawEntry) in list.enumerated() {
            guard let entry = rawEntry as? [String: Any], let name = entry["name"] as? String else {
                report(source.path, source.line(ofKey: kind + "s"), "\(kind) #\(index + 1) must be an object with a string \"name\"")
                continue
            }
            let line = source.lines(ofKey: "name", value: name).first ?? 1
            checkKeys(
                entry, allowed: Self.vocabularyEntryKeys, required: ["name", "source"], what: "\(kind) \"\(name)\"", path: source.path,
                line: line)
            var defaultType: DeviceType?
            if let rawType = entry["defaultDeviceType"] as? String {
                defaultType = DeviceType(rawValue: rawType)
                if defaultType == nil {
                    report(
                        source.path, line,
                        "\(kind) \"\(name)\": unknown defaultDeviceType \"\(rawType)\" (use \(DeviceType.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
            }
            entries.append(
                Vocabulary.Entry(
                    name: name, aliases: entry["aliases"] as? [String] ?? [], defaultDeviceType: defaultType,
                    source: entry["source"] as? String ?? "", location: CatalogLocation(path: source.path, line: line)
                ))
        }
        return entries
    }

    private mutating func loadOEMBrands(_ url: URL) -> [OEMBrand] {
        guard let (source, object) = readJSON(url) else { return [] }
        checkKeys(object, allowed: ["description", "brands"], required: ["brands"], what: "the OEM brand list", path: url.path, line: 1)
        guard let list = object["brands"] as? [Any] else { return [] }
        var brands: [OEMBrand] = []
        for (index, rawEntry) in list.enumerated() {
            guard let entry = rawEntry as? [String: Any], let brand = entry["brand"] as? String else {
                report(url.path, source.line(ofKey: "brands"), "OEM brand #\(index + 1) must be an object with a string \"brand\"")
                continue
            }
            let line = source.lines(ofKey: "brand", value: brand).first ?? 1
            checkKeys(
                entry, allowed: Self.oemKeys, required: ["brand", "manufacturer", "relationship", "confidence", "source"],
                what: "OEM brand \"\(brand)\"", path: url.path, line: line)
            brands.append(
                OEMBrand(
                    brand: brand, manufacturer: entry["manufacturer"] as? String ?? "",
                    relationship: entry["relationship"] as? String ?? "",
                    confidence: entry["confidence"] as? Double ?? -1, source: entry["source"] as? String ?? "",
                    location: CatalogLocation(path: url.path, line: line)
                ))
        }
        return brands
    }
}
