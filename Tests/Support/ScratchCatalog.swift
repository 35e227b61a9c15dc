import Foundation

/// A small catalog written to a temporary folder, for lint tests on deliberately broken data.
public struct ScratchCatalog {
    public let directory: URL

    public static let vocabulary = """
        {
          "manufacturers": [
            {"name": "Hikvision", "aliases": ["HIKVISION"], "defaultDeviceType": "camera", "source": "test"},
            {"name": "Dahua", "aliases": [], "defaultDeviceType": "camera", "source": "test"}
          ],
          "brands": [
            {"name": "LTS", "aliases": [], "source": "test"}
          ]
        }
        """

    public static let oemBrands = """
        {"brands": [{"brand": "LTS", "manufacturer": "Hikvision", "relationship": "OEM", "confidence": 0.6, "source": "test"}]}
        """

    /// Writes `files` (file name -> JSON text) under fingerprints/ with a valid vocabulary.
    public init(files: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-catalog-\(UUID().uuidString)")
        let fingerprints = directory.appendingPathComponent("fingerprints")
        try FileManager.default.createDirectory(at: fingerprints, withIntermediateDirectories: true)
        try Self.vocabulary.write(to: directory.appendingPathComponent("vocabulary.json"), atomically: true, encoding: .utf8)
        try Self.oemBrands.write(to: directory.appendingPathComponent("oem-brands.json"), atomically: true, encoding: .utf8)
        for (name, text) in files {
            try text.write(to: fingerprints.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
