/// A brand that sells another maker's devices: a brand seen alone implies this manufacturer.
public struct OEMBrand: Sendable, Hashable {
    /// Canonical brand name (in the vocabulary).
    public var brand: String
    /// Canonical manufacturer name (in the vocabulary).
    public var manufacturer: String
    public var relationship: String
    /// 0 to 1: how sure the sources are that this brand's devices run this maker's firmware.
    public var confidence: Double
    public var source: String
    public var location: CatalogLocation

    public init(brand: String, manufacturer: String, relationship: String, confidence: Double, source: String, location: CatalogLocation) {
        self.brand = brand
        self.manufacturer = manufacturer
        self.relationship = relationship
        self.confidence = confidence
        self.source = source
        self.location = location
    }
}
