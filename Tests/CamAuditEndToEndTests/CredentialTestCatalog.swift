import CamAuditCatalog
import Foundation

/// The bundled catalog plus `pending-fingerprints/` (the `auth.*` files waiting to move into the catalog data).
enum CredentialTestCatalog {
    static func load() throws -> FingerprintCatalog {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-creds-catalog-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: root.appendingPathComponent("Sources/CamAuditCatalog/data"), to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pending = root.appendingPathComponent("pending-fingerprints")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: pending.path)) ?? [] where name.hasSuffix(".json") {
            let target = scratch.appendingPathComponent("fingerprints").appendingPathComponent(name)
            if !FileManager.default.fileExists(atPath: target.path) {
                try FileManager.default.copyItem(at: pending.appendingPathComponent(name), to: target)
            }
        }
        let (catalog, diagnostics) = FingerprintCatalog.load(directory: scratch)
        if let problem = diagnostics.first { throw CredentialTestCatalogError(description: "\(problem)") }
        return catalog
    }
}

struct CredentialTestCatalogError: Error, CustomStringConvertible {
    var description: String
}
