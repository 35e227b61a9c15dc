import CamAuditCore
import Foundation

/// The whole data folder, checked at once: `camaudit data lint` and the test suite call this.
public enum Catalog {
    /// The parts a catalog folder holds; a missing one is an error, not a silent pass.
    public static let requiredParts = [
        "vocabulary.json", "oem-brands.json", "device-types.json", "maker-evidence.json", CloudEndpointCatalog.fileName,
        "fingerprints", "vulnerabilities", "credentials", "compliance", "streams/stream-paths.json",
    ]

    /// What was checked and every problem found.
    public struct LintResult: Sendable {
        public var fingerprintCount = 0
        public var fingerprintFileCount = 0
        public var exampleCount = 0
        public var vulnerabilityCount = 0
        public var defaultLoginCount = 0
        public var streamPathCount = 0
        public var cloudEndpointCount = 0
        public var citationsChecked = 0
        /// The vocabulary the data was checked against (for checks of other files, such as the lab's profiles).
        public var vocabulary: Vocabulary?
        public var diagnostics: [CatalogDiagnostic] = []

        public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
        public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    }

    /// Checks every data file under `root`: each part's own rules, the rules all entries share, and that every
    /// citation is one a reader can follow. Each problem is reported once.
    public static func lint(root: URL) -> LintResult {
        var result = LintResult()
        var diagnostics: [CatalogDiagnostic] = []
        for part in requiredParts where !FileManager.default.fileExists(atPath: root.appendingPathComponent(part).path) {
            diagnostics.append(
                CatalogDiagnostic(path: root.appendingPathComponent(part).path, line: 1, message: "missing: a catalog folder holds \(part)")
            )
        }
        let (fingerprints, _) = FingerprintCatalog.load(directory: root)
        result.fingerprintCount = fingerprints.fingerprintCount
        result.fingerprintFileCount = fingerprints.files.count
        result.exampleCount = fingerprints.exampleCount
        diagnostics += fingerprints.lint()
        let vocabulary = fingerprints.vocabulary
        result.vocabulary = vocabulary

        let vulnerabilitiesFolder = root.appendingPathComponent("vulnerabilities")
        if FileManager.default.fileExists(atPath: vulnerabilitiesFolder.path) {
            let (vulnerabilities, loadDiagnostics) = VulnerabilityCatalog.load(
                directory: vulnerabilitiesFolder, vocabulary: vocabulary, oemBrands: fingerprints.oemBrands)
            result.vulnerabilityCount = vulnerabilities.vulnerabilities.count
            diagnostics += loadDiagnostics + vulnerabilities.lint()
        }
        let credentialsFolder = root.appendingPathComponent("credentials")
        if FileManager.default.fileExists(atPath: credentialsFolder.path) {
            let (credentials, loadDiagnostics) = CredentialCatalog.load(directory: credentialsFolder, vocabulary: vocabulary)
            result.defaultLoginCount = credentials.defaults.count
            diagnostics += loadDiagnostics
        }
        if FileManager.default.fileExists(atPath: root.appendingPathComponent("compliance").path) {
            diagnostics += ComplianceCatalog.load(root: root, fingerprints: fingerprints).1
        }
        let cloudFile = root.appendingPathComponent(CloudEndpointCatalog.fileName)
        if FileManager.default.fileExists(atPath: cloudFile.path) {
            let (cloud, loadDiagnostics) = CloudEndpointCatalog.load(file: cloudFile, vocabulary: vocabulary)
            result.cloudEndpointCount = cloud.endpoints.count
            diagnostics += loadDiagnostics
        }
        let streamFile = root.appendingPathComponent("streams/stream-paths.json")
        if FileManager.default.fileExists(atPath: streamFile.path) {
            do {
                result.streamPathCount = try StreamPathCatalog.load(file: streamFile, vocabulary: vocabulary).paths.count
            } catch {
                switch error {
                case .invalidData(let found): diagnostics += found
                case .unreadable(let path, let reason): diagnostics.append(CatalogDiagnostic(path: path, line: 1, message: reason))
                case .resourcesMissing: diagnostics.append(CatalogDiagnostic(path: streamFile.path, line: 1, message: error.description))
                }
            }
        }
        let (citationCount, citationDiagnostics) = lintCitations(under: root)
        result.citationsChecked = citationCount
        diagnostics += citationDiagnostics
        // The loaders and the lints may both report one problem; keep each once.
        var seen: Set<String> = []
        result.diagnostics = diagnostics.filter { seen.insert($0.description).inserted }
        return result
    }

    /// The bare names of the catalog's own files, which a citation may name without a folder.
    public static func fileNames(under root: URL) -> Set<String> {
        Set(jsonFiles(under: root).map(\.lastPathComponent))
    }

    /// Every citation (values under `source`, `references`, `citation`, `url`, ... keys) of every JSON file
    /// under `root`, checked by `CitationRule`; returns how many files were read and the problems.
    public static func lintCitations(under root: URL, repositoryFiles: Set<String>? = nil) -> (files: Int, diagnostics: [CatalogDiagnostic])
    {
        let files = jsonFiles(under: root)
        let names = repositoryFiles ?? Set(files.map(\.lastPathComponent))
        var diagnostics: [CatalogDiagnostic] = []
        for file in files {
            guard let data = try? BoundedFile.read(file.path, maximumBytes: 1 << 20) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for problem in CitationRule.problems(inJSON: data, repositoryFiles: names) {
                diagnostics.append(
                    CatalogDiagnostic(
                        path: file.path, line: line(of: problem.text, in: text),
                        message: "\(problem.keyPath) \(problem.message): \"\(problem.text.prefix(80))\""))
            }
        }
        return (files.count, diagnostics)
    }

    static func jsonFiles(under root: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }

    /// Line (1-based) where the text first appears, as written in JSON (or 1).
    static func line(of value: String, in text: String) -> Int {
        let probe = String(value.prefix(40)).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        guard !probe.isEmpty, let range = text.range(of: probe) else { return 1 }
        return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
