/// Why the stream path file could not be used.
public enum StreamPathCatalogError: Error, Sendable, CustomStringConvertible {
    /// The bundled `data/streams/stream-paths.json` is missing from the program's resources.
    case resourcesMissing
    /// The file could not be read or is not the expected JSON.
    case unreadable(path: String, reason: String)
    /// The file was read but has errors; each diagnostic says where.
    case invalidData([CatalogDiagnostic])

    public var description: String {
        switch self {
        case .resourcesMissing:
            return "The stream path list (data/streams/stream-paths.json) is missing from the program's resources. Reinstall camaudit."
        case .unreadable(let path, let reason):
            return "\(path): cannot use the stream path list: \(reason)"
        case .invalidData(let diagnostics):
            let shown = diagnostics.prefix(5).map(\.description).joined(separator: "\n")
            return "The stream path list has \(diagnostics.count) error(s):\n\(shown)"
        }
    }
}
