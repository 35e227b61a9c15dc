import Foundation

/// Loads one folder of the data bundled with camaudit once, and keeps the result for every later call.
enum BundledData {
    /// The bundled `data/<name>` folder, if the resources are present.
    static func directory(_ name: String) -> URL? {
        FingerprintCatalog.bundledDirectory?.appendingPathComponent(name)
    }

    /// The catalog of `data/<name>`, or why it cannot be used: missing resources, or data with errors.
    static func load<Catalog>(_ name: String, _ load: (URL) -> (Catalog, [CatalogDiagnostic])) -> Result<Catalog, CatalogError> {
        guard let directory = directory(name) else { return .failure(.resourcesMissing) }
        let (catalog, diagnostics) = load(directory)
        let errors = diagnostics.filter { $0.severity == .error }
        return errors.isEmpty ? .success(catalog) : .failure(.invalidData(errors))
    }
}
