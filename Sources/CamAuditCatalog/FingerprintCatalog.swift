import CamAuditCore
import Foundation

/// The fingerprint catalog: per-field regular expressions that turn observations into claims.
///
/// Loaded once, immutable, and safe to share across tasks.
public struct FingerprintCatalog: Sendable {
    /// Longest prefix of a value that is matched; a hostile banner cannot make matching expensive.
    public static let maximumMatchedLength = 8192

    public let files: [FingerprintFile]
    public let vocabulary: Vocabulary
    public let oemBrands: [OEMBrand]
    /// Evidence ranks and model families that decide device type (`device-types.json`).
    public let deviceTypeRules: DeviceTypeRules
    /// Problems found while reading the files (also part of `lint()`).
    public let loadDiagnostics: [CatalogDiagnostic]
    private let fingerprintsByField: [ObservedField: [Fingerprint]]
    private let oemBrandsByName: [String: OEMBrand]

    init(
        files: [FingerprintFile], vocabulary: Vocabulary, oemBrands: [OEMBrand], deviceTypeRules: DeviceTypeRules = .empty,
        loadDiagnostics: [CatalogDiagnostic]
    ) {
        self.files = files
        self.vocabulary = vocabulary
        self.oemBrands = oemBrands
        self.deviceTypeRules = deviceTypeRules
        self.loadDiagnostics = loadDiagnostics
        var byField: [ObservedField: [Fingerprint]] = [:]
        for file in files { byField[file.field, default: []] += file.fingerprints }
        fingerprintsByField = byField
        var byName: [String: OEMBrand] = [:]
        for brand in oemBrands where byName[brand.brand] == nil { byName[brand.brand] = brand }
        oemBrandsByName = byName
    }

    /// Loads a catalog folder, returning every problem found instead of stopping at the first.
    public static func load(directory: URL) -> (FingerprintCatalog, [CatalogDiagnostic]) {
        var loader = CatalogLoader()
        let catalog = loader.load(directory: directory)
        return (catalog, loader.diagnostics)
    }

    /// The catalog shipped inside the program (loaded once per process).
    public static func bundled() throws(CatalogError) -> FingerprintCatalog {
        try bundledResult.get()
    }

    /// The folder of the shipped catalog, or nil if the resources are missing.
    public static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "data", withExtension: nil)
    }

    private static let bundledResult: Result<FingerprintCatalog, CatalogError> = {
        guard let directory = bundledDirectory else { return .failure(.resourcesMissing) }
        let (catalog, diagnostics) = load(directory: directory)
        let errors = diagnostics.filter { $0.severity == .error }
        return errors.isEmpty ? .success(catalog) : .failure(.invalidData(errors))
    }()

    /// Every fingerprint for a field, in file order.
    public func fingerprints(for field: ObservedField) -> [Fingerprint] {
        fingerprintsByField[field] ?? []
    }

    public var fingerprintCount: Int { files.reduce(0) { $0 + $1.fingerprints.count } }
    public var exampleCount: Int { files.reduce(0) { $0 + $1.fingerprints.reduce(0) { $0 + $1.examples.count } } }

    /// Every fingerprint of the field that matches the value, in file order, with extracted attributes.
    public func matches(field: ObservedField, value: String) -> [FingerprintMatch] {
        let bounded = Self.bounded(value)
        return fingerprints(for: field).compactMap { fingerprint in
            fingerprint.attributes(matching: bounded, vocabulary: vocabulary).map {
                FingerprintMatch(fingerprint: fingerprint, attributes: $0)
            }
        }
    }

    /// The manufacturer behind a brand, when the OEM list knows it.
    public func oemBrand(named brand: String) -> OEMBrand? {
        oemBrandsByName[brand]
    }

    static func bounded(_ value: String) -> String {
        value.utf16.count <= maximumMatchedLength ? value : String(value.prefix(maximumMatchedLength))
    }
}
