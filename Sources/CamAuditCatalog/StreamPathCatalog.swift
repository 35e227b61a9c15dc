import CamAuditCore
import Foundation

/// The RTSP routes, snapshot and MJPEG URLs to try per vendor (`data/streams/stream-paths.json`), checked when loaded.
public struct StreamPathCatalog: Sendable {
    public let paths: [StreamPath]

    public init(paths: [StreamPath]) {
        self.paths = paths
    }

    /// The file layout: a description and the list of paths.
    private struct File: Decodable {
        var description: String
        var paths: [StreamPath]
    }

    /// Files larger than this are not a path list; refusing them bounds memory.
    static let maximumFileSize = 1 << 20

    /// Loads and checks one file; vendors are checked against `vocabulary` when given.
    public static func load(file url: URL, vocabulary: Vocabulary? = nil) throws(StreamPathCatalogError) -> StreamPathCatalog {
        let data: Data
        do throws(BoundedFile.Failure) {
            data = try BoundedFile.read(url.path, maximumBytes: maximumFileSize)
        } catch {
            switch error {
            case .tooLarge: throw .unreadable(path: url.path, reason: "larger than \(maximumFileSize) bytes")
            case .unreadable(let reason): throw .unreadable(path: url.path, reason: reason)
            }
        }
        let file: File
        switch CatalogJSON.decode(File.self, from: data) {
        case .success(let decoded): file = decoded
        case .failure(let failure):
            let hint = failure.message.contains("\"kind\"") || failure.message.contains(".kind") ? " (kind is rtsp, snapshot or mjpeg)" : ""
            throw .unreadable(path: url.path, reason: failure.message + hint)
        }
        let diagnostics = check(file.paths, path: url.path, text: String(decoding: data, as: UTF8.self), vocabulary: vocabulary)
        guard diagnostics.isEmpty else { throw .invalidData(diagnostics) }
        return StreamPathCatalog(paths: file.paths)
    }

    /// Every problem of the entries, each at the line of its id.
    static func check(_ paths: [StreamPath], path: String, text: String, vocabulary: Vocabulary?) -> [CatalogDiagnostic] {
        let source = SourceText(path: path, text: text)
        var diagnostics: [CatalogDiagnostic] = []
        var ids = EntryRules.IDs()
        for entry in paths {
            let line = source.lines(ofKey: "id", value: entry.id).first ?? 1
            func report(_ message: String) {
                diagnostics.append(CatalogDiagnostic(path: path, line: line, message: "\"\(entry.id)\": \(message)"))
            }
            if let message = ids.duplicate(entry.id) { report(message) }
            if !entry.path.hasPrefix("/") { report("the path must start with / (no scheme or host)") }
            if entry.path.contains(where: { $0.isWhitespace || $0.isNewline }) { report("the path must not contain spaces or line breaks") }
            if let message = EntryRules.emptySource(entry.source) { report(message) }
            if entry.port == 0 { report("port 0 is not a port") }
            if entry.isTried, entry.path.contains("<") {
                report("a path with a <placeholder> cannot be requested; set tried to false and say why")
            }
            if !entry.isTried, (entry.notTriedBecause ?? "").isEmpty { report("tried is false but notTriedBecause is empty") }
            if entry.vendor != StreamPath.genericVendor, let vocabulary, let problem = EntryRules.vendor(entry.vendor, in: vocabulary) {
                report(problem.message("vendor", entry.vendor) + (problem == .unknown ? " (or use \"generic\")" : ""))
            }
        }
        return diagnostics
    }

    /// The list shipped with the program (loaded once per process).
    public static func bundled() throws(StreamPathCatalogError) -> StreamPathCatalog {
        try bundledResult.get()
    }

    /// The bundled `data/streams/stream-paths.json`, if the resources are present.
    public static var bundledFile: URL? {
        FingerprintCatalog.bundledDirectory?.appendingPathComponent("streams/stream-paths.json")
    }

    private static let bundledResult: Result<StreamPathCatalog, StreamPathCatalogError> = {
        guard let url = bundledFile, FileManager.default.fileExists(atPath: url.path) else { return .failure(.resourcesMissing) }
        do throws(StreamPathCatalogError) {
            return .success(try load(file: url, vocabulary: (try? FingerprintCatalog.bundled())?.vocabulary))
        } catch {
            return .failure(error)
        }
    }()

    /// The paths of these kinds to try on a device: its brand's, then its manufacturer's, then the generic ones;
    /// paths marked not tried are left out and each path appears once.
    public func candidates(kinds: Set<StreamPath.Kind>, manufacturer: String?, brand: String?) -> [StreamPath] {
        var ordered: [StreamPath] = []
        var seenPaths: Set<String> = []
        for vendor in [brand, manufacturer, StreamPath.genericVendor].compactMap({ $0 }) {
            for entry in paths where entry.vendor == vendor && kinds.contains(entry.kind) && entry.isTried {
                if seenPaths.insert(entry.path).inserted { ordered.append(entry) }
            }
        }
        return ordered
    }
}
