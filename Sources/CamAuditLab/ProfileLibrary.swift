import Foundation

/// The bundled device profiles, read once from `Profiles/*.json`.
enum ProfileLibrary {
    /// The Profiles folder inside the built bundle.
    static var folder: URL? { Bundle.module.url(forResource: "Profiles", withExtension: nil) }

    /// All profiles sorted by file name; the order of `Lab.profileIDs` and of round-robin allocation.
    static func load() throws -> [DeviceProfile] {
        guard let folder else { throw LabError.profilesFolderMissing }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { file in
            do {
                return try JSONDecoder().decode(DeviceProfile.self, from: Data(contentsOf: file))
            } catch {
                throw LabError.profileUnreadable(file: file.lastPathComponent, reason: "\(error)")
            }
        }
    }

    /// The PEM certificate and key paths for a profile's TLS ports.
    static func certificatePaths(named name: String) -> (certificate: String, key: String)? {
        guard let folder else { return nil }
        let base = folder.appendingPathComponent("certificates")
        return (base.appendingPathComponent("\(name).cert.pem").path, base.appendingPathComponent("\(name).key.pem").path)
    }
}
