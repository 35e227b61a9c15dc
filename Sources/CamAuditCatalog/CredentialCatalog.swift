import Foundation

/// Vendor default logins and lockout policies (`data/credentials/`), checked when loaded.
public struct CredentialCatalog: Sendable {
    public let defaults: [DefaultCredential]
    public let policies: [LockoutPolicy]
    /// Problems found while loading; `lint()` returns them.
    public let loadDiagnostics: [CatalogDiagnostic]

    /// Budget when no threshold is documented for the vendor.
    public static let undocumentedBudget = 3

    public init(defaults: [DefaultCredential], policies: [LockoutPolicy], loadDiagnostics: [CatalogDiagnostic] = []) {
        self.defaults = defaults
        self.policies = policies
        self.loadDiagnostics = loadDiagnostics
    }

    /// Loads `default-credentials.json` and `lockout-policies.json` of `directory`; vendors are checked
    /// against `vocabulary` (the bundled one when nil).
    public static func load(directory: URL, vocabulary: Vocabulary? = nil) -> (CredentialCatalog, [CatalogDiagnostic]) {
        var loader = CredentialCatalogLoader(vocabulary: vocabulary ?? (try? FingerprintCatalog.bundled())?.vocabulary)
        let catalog = loader.load(directory: directory)
        return (catalog, loader.diagnostics)
    }

    /// The catalog shipped with the program; throws when it is missing or has errors.
    public static func bundled() throws(CatalogError) -> CredentialCatalog {
        try bundledResult.get()
    }

    /// The bundled `data/credentials` folder, if the resources are present.
    public static var bundledDirectory: URL? { BundledData.directory("credentials") }

    private static let bundledResult: Result<CredentialCatalog, CatalogError> = BundledData.load("credentials") { load(directory: $0) }

    /// The problems found in the data when it was loaded, for `camaudit data lint`.
    public func lint() -> [CatalogDiagnostic] {
        loadDiagnostics
    }

    /// The logins to try on a device of this manufacturer and brand: the manufacturer's, then the brand's,
    /// each user/password pair once (an LTS unit on Hikvision firmware gets both lists).
    public func triableDefaults(manufacturer: String?, brand: String?) -> [DefaultCredential] {
        var seen: Set<String> = []
        var result: [DefaultCredential] = []
        // Factory defaults of the maker and the label first, then the hard-coded accounts advisories name.
        for kind in [DefaultCredential.Kind.factoryDefault, .hardCoded] {
            for vendor in [manufacturer, brand].compactMap({ $0 }) {
                for entry in defaults where entry.vendor == vendor && entry.isTriable && entry.kind == kind {
                    if seen.insert(entry.username + "\u{0}" + (entry.password ?? "")).inserted { result.append(entry) }
                }
            }
        }
        return result
    }

    /// The short generic list (`vendor` `*`), in file order, for a camera whose maker and brand are unknown.
    public var genericDefaults: [DefaultCredential] {
        defaults.filter { $0.isGeneric && $0.isTriable }
    }

    /// Refused logins allowed on a camera whose maker is unknown: it could be any vendor's firmware, so the
    /// budget stays below the lowest network threshold of every policy (minus the owner's margin), at most 3.
    public var unknownMakerBudget: Int {
        let thresholds = policies.filter(\.networkLogin).compactMap(\.threshold)
        guard let lowest = thresholds.min() else { return Self.undocumentedBudget }
        return max(1, min(Self.undocumentedBudget, lowest - 2))
    }

    /// Every lock signal of every policy: an unknown maker may speak any of them.
    public var allLockSignals: [LockoutPolicy.Signal] {
        var seen: Set<LockoutPolicy.Signal> = []
        return policies.flatMap(\.signals).filter { seen.insert($0).inserted }
    }

    /// The policies that apply to a device of this manufacturer and brand, `*` included.
    public func policies(manufacturer: String?, brand: String?) -> [LockoutPolicy] {
        let vendors = Set([manufacturer, brand].compactMap { $0 } + ["*"])
        return policies.filter { vendors.contains($0.vendor) }
    }

    /// Refused logins camaudit allows itself on one device per scan: the lowest documented network threshold
    /// minus two (strictly below it, with one left for the owner), at least 1; 3 when nothing is documented.
    public func attemptBudget(manufacturer: String?, brand: String?) -> Int {
        if manufacturer == nil, brand == nil { return unknownMakerBudget }
        let thresholds = policies(manufacturer: manufacturer, brand: brand).filter(\.networkLogin).compactMap(\.threshold)
        guard let lowest = thresholds.min() else { return Self.undocumentedBudget }
        return max(1, lowest - 2)
    }

    /// Every lock signal that applies to a device of this manufacturer and brand.
    public func lockSignals(manufacturer: String?, brand: String?) -> [LockoutPolicy.Signal] {
        if manufacturer == nil, brand == nil { return allLockSignals }
        var seen: Set<LockoutPolicy.Signal> = []
        return policies(manufacturer: manufacturer, brand: brand).flatMap(\.signals).filter { seen.insert($0).inserted }
    }
}
