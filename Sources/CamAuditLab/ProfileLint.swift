import CamAuditCore
import Foundation

/// The lab's profiles checked like the catalog's data: each decodes, its id is unique and matches its file,
/// it says where its behaviour comes from, its citations can be followed, and the maker it expects is known.
public enum ProfileLint {
    /// One problem in one profile file.
    public struct Problem: Sendable, Hashable {
        public var path: String
        public var line: Int
        public var message: String
    }

    /// The bundled Profiles folder.
    public static var folder: URL? { ProfileLibrary.folder }

    /// Checks every `*.json` in `folder` (default: the bundled one); `isKnownVendor` says whether the vocabulary
    /// spells a maker or label that way. Returns how many profiles were read and the problems.
    public static func lint(folder: URL? = nil, isKnownVendor: (String) -> Bool) -> (profiles: Int, problems: [Problem]) {
        guard let folder = folder ?? ProfileLibrary.folder else {
            return (0, [Problem(path: "Profiles", line: 1, message: "the lab's Profiles folder is missing from the build")])
        }
        let files = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        if files.isEmpty { return (0, [Problem(path: folder.path, line: 1, message: "no profiles in the lab's Profiles folder")]) }
        var problems: [Problem] = []
        var seen: [String: String] = [:]
        for file in files {
            func report(_ line: Int, _ message: String) { problems.append(Problem(path: file.path, line: line, message: message)) }
            guard let data = try? Data(contentsOf: file) else { report(1, "cannot be read"); continue }
            let profile: DeviceProfile
            do { profile = try JSONDecoder().decode(DeviceProfile.self, from: data) } catch {
                report(1, "is not a device profile: \(error)"); continue
            }
            let stem = String(file.lastPathComponent.dropLast(".json".count))
            if profile.id != stem { report(1, "the id \"\(profile.id)\" differs from the file name; name the file \(profile.id).json") }
            if let earlier = seen[profile.id] {
                report(1, "duplicate id \"\(profile.id)\"; give each entry its own id (already used by \(earlier))")
            }
            seen[profile.id] = file.lastPathComponent
            if profile.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                report(
                    1, "\"source\" has an empty source; say which answers are real (and where they were published) and which are assumed")
            }
            for vendor in [profile.expected.manufacturer, profile.expected.brand].compactMap({ $0 }) where !isKnownVendor(vendor) {
                report(1, "expected vendor \"\(vendor)\" is not in vocabulary.json; add it there first")
            }
            let text = String(decoding: data, as: UTF8.self)
            for problem in CitationRule.problems(inJSON: data) {
                let probe = String(problem.text.prefix(40))
                let line = text.range(of: probe).map { text[..<$0.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 } } ?? 1
                report(line, "\(problem.keyPath) \(problem.message): \"\(problem.text.prefix(80))\"")
            }
        }
        return (files.count, problems)
    }
}
