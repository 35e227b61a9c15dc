import Foundation

/// The lab's device profiles as JSON files in the source tree, read for what the lab keeps internal
/// (the login a profile accepts, the firmware it really runs).
public enum LabProfileFiles {
    public static let folder = RepositoryFiles.root.appendingPathComponent("Sources/CamAuditLab/Profiles")

    /// Every profile id, in file-name order.
    public static func ids() throws -> [String] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.map { $0.deletingPathExtension().lastPathComponent }.sorted()
    }

    /// The profile's JSON object.
    public static func object(_ id: String) throws -> [String: Any] {
        let url = folder.appendingPathComponent("\(id).json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    /// The login the profile accepts (`credentials.user` and `.password`), nil when it has none.
    public static func login(_ id: String) throws -> (user: String, password: String)? {
        guard let credentials = try object(id)["credentials"] as? [String: Any], let user = credentials["user"] as? String,
            let password = credentials["password"] as? String
        else { return nil }
        return (user, password)
    }
}
