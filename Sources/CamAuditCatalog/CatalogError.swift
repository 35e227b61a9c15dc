/// Why the bundled catalog could not be used.
public enum CatalogError: Error, Sendable, CustomStringConvertible {
    /// The `data` resource folder is missing from the program's bundle.
    case resourcesMissing
    /// The catalog data has errors; each diagnostic says where.
    case invalidData([CatalogDiagnostic])

    public var description: String {
        switch self {
        case .resourcesMissing:
            return
                "The fingerprint catalog is missing from the program's resources. Reinstall camaudit, or pass --data with a catalog folder."
        case .invalidData(let diagnostics):
            let shown = diagnostics.prefix(5).map(\.description).joined(separator: "\n")
            return "The fingerprint catalog has \(diagnostics.count) error(s); run `camaudit data lint` to see them all.\n\(shown)"
        }
    }
}
