import Foundation

/// The compliance rule sets of `data/compliance/`, the evidence strengths of `data/maker-evidence.json`
/// and the OEM relations they follow, checked when loaded.
public struct ComplianceCatalog: Sendable {
    /// Rule sets in file-name order (`fcc-covered-list`, `ndaa-889`).
    public let ruleSets: [ComplianceRuleSet]
    public let makerEvidence: MakerEvidence
    /// Brand-to-maker relations (oem-brands.json), so a relabelled device is judged by its maker.
    public let oemBrands: [OEMBrand]
    /// Problems found while loading; `lint()` returns them.
    public let loadDiagnostics: [CatalogDiagnostic]

    public init(
        ruleSets: [ComplianceRuleSet], makerEvidence: MakerEvidence, oemBrands: [OEMBrand], loadDiagnostics: [CatalogDiagnostic] = []
    ) {
        self.ruleSets = ruleSets
        self.makerEvidence = makerEvidence
        self.oemBrands = oemBrands
        self.loadDiagnostics = loadDiagnostics
    }

    /// Loads `<root>/compliance/*.json` and `<root>/maker-evidence.json`; makers and brands are checked against
    /// `fingerprints` (its vocabulary and OEM relations; the bundled catalog when nil).
    public static func load(root: URL, fingerprints: FingerprintCatalog? = nil) -> (ComplianceCatalog, [CatalogDiagnostic]) {
        let fingerprints = fingerprints ?? (try? FingerprintCatalog.bundled())
        var loader = ComplianceCatalogLoader(vocabulary: fingerprints?.vocabulary, oemBrands: fingerprints?.oemBrands ?? [])
        let ruleSets = loader.loadRuleSets(directory: root.appendingPathComponent("compliance"))
        let makerEvidence = loader.loadMakerEvidence(root.appendingPathComponent("maker-evidence.json"))
        let catalog = ComplianceCatalog(
            ruleSets: ruleSets, makerEvidence: makerEvidence, oemBrands: fingerprints?.oemBrands ?? [], loadDiagnostics: loader.diagnostics)
        return (catalog, loader.diagnostics)
    }

    /// The catalog shipped with the program; throws when it is missing or has errors.
    public static func bundled() throws(CatalogError) -> ComplianceCatalog {
        try bundledResult.get()
    }

    private static let bundledResult: Result<ComplianceCatalog, CatalogError> = BundledData.load("compliance") {
        load(root: $0.deletingLastPathComponent())
    }

    /// The problems found in the data when it was loaded (errors and warnings), for `camaudit data lint`.
    public func lint() -> [CatalogDiagnostic] {
        loadDiagnostics
    }

    /// The OEM relation of a canonical brand name, if there is one.
    public func oemBrand(named brand: String) -> OEMBrand? {
        oemBrands.first { $0.brand == brand }
    }

    /// The rule set with this id, if the catalog has it.
    public func ruleSet(id: String) -> ComplianceRuleSet? {
        ruleSets.first { $0.id == id }
    }
}
