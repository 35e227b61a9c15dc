import CamAuditCore
import Foundation

extension CatalogLoader {
    static let deviceTypesKeys: Set<String> = ["description", "evidenceRanks", "genericCues", "families"]
    static let rankKeys: Set<String> = ["rank", "name", "fields", "source", "notes"]
    static let familyKeys: Set<String> = [
        "id", "manufacturer", "pattern", "flags", "deviceType", "source", "examples", "counterExamples", "notes",
    ]

    /// Reads `device-types.json`; a missing file gives empty rules (every field banner-rank, no families).
    mutating func loadDeviceTypeRules(_ url: URL) -> DeviceTypeRules {
        guard FileManager.default.fileExists(atPath: url.path) else { return .empty }
        guard let (source, object) = readJSON(url) else { return .empty }
        let path = url.path
        checkKeys(
            object, allowed: Self.deviceTypesKeys, required: ["evidenceRanks", "families"], what: "the device-type rules", path: path,
            line: 1)
        var ranks: [DeviceTypeRules.EvidenceRank] = []
        for (index, raw) in (object["evidenceRanks"] as? [Any] ?? []).enumerated() {
            guard let entry = raw as? [String: Any], let name = entry["name"] as? String else {
                report(path, source.line(ofKey: "evidenceRanks"), "evidence rank #\(index + 1) must be an object with a string \"name\"")
                continue
            }
            let line = source.lines(ofKey: "name", value: name).first ?? 1
            checkKeys(
                entry, allowed: Self.rankKeys, required: ["rank", "name", "fields", "source"], what: "evidence rank \"\(name)\"",
                path: path, line: line)
            guard let rank = entry["rank"] as? Int, let fields = entry["fields"] as? [String] else {
                report(path, line, "evidence rank \"\(name)\" needs an integer \"rank\" and a \"fields\" array of field prefixes")
                continue
            }
            ranks.append(
                .init(
                    rank: rank, name: name, fields: fields, source: entry["source"] as? String ?? "",
                    location: CatalogLocation(path: path, line: line)))
        }
        var genericCues: DeviceTypeRules.GenericCues?
        if let raw = object["genericCues"] {
            let line = source.line(ofKey: "genericCues")
            if let cues = raw as? [String: Any], let rank = cues["rank"] as? Int, let prefixes = cues["fingerprints"] as? [String] {
                checkKeys(
                    cues, allowed: ["rank", "fingerprints", "source", "notes"], required: ["rank", "fingerprints", "source"],
                    what: "genericCues", path: path, line: line)
                genericCues = .init(rank: rank, fingerprints: prefixes, source: cues["source"] as? String ?? "")
            } else {
                report(path, line, "\"genericCues\" must be an object with an integer \"rank\" and a \"fingerprints\" array of id prefixes")
            }
        }
        var families: [ModelFamily] = []
        var seen: Set<String> = []
        for (index, raw) in (object["families"] as? [Any] ?? []).enumerated() {
            guard let entry = raw as? [String: Any], let id = entry["id"] as? String else {
                report(path, source.line(ofKey: "families"), "model family #\(index + 1) must be an object with a string \"id\"")
                continue
            }
            let line = source.lines(ofKey: "id", value: id).first ?? 1
            let label = "model family \"\(id)\""
            checkKeys(
                entry, allowed: Self.familyKeys, required: ["id", "manufacturer", "pattern", "deviceType", "source", "examples"],
                what: label, path: path, line: line)
            if !seen.insert(id).inserted { report(path, line, "\(label) is listed twice; give each family its own id") }
            guard let pattern = entry["pattern"] as? String, let manufacturer = entry["manufacturer"] as? String,
                let rawType = entry["deviceType"] as? String
            else {
                report(path, line, "\(label) needs string \"pattern\", \"manufacturer\" and \"deviceType\"")
                continue
            }
            guard let deviceType = DeviceType(rawValue: rawType), deviceType != .unknown else {
                report(path, line, "\(label) has deviceType \"\(rawType)\"; use camera, nvr, dvr, encoder or other")
                continue
            }
            let flags = entry["flags"] as? [String] ?? []
            var compiled: CompiledPattern?
            switch CompiledPattern.compile(pattern, flags: flags) {
            case .success(let value): compiled = value
            case .failure(let error): report(path, line, "\(label): \(error.message)")
            }
            families.append(
                ModelFamily(
                    id: id, manufacturer: manufacturer, pattern: pattern, flags: flags, deviceType: deviceType,
                    source: entry["source"] as? String ?? "", examples: entry["examples"] as? [String] ?? [],
                    counterExamples: entry["counterExamples"] as? [String] ?? [], location: CatalogLocation(path: path, line: line),
                    compiled: compiled))
        }
        return DeviceTypeRules(ranks: ranks, genericCues: genericCues, families: families)
    }
}
