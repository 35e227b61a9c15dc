/// How strongly each kind of evidence proves who made a device (`data/maker-evidence.json`).
public struct MakerEvidence: Sendable, Hashable, Codable {
    /// One kind of evidence: the observed fields it covers (by prefix) and what it is worth.
    public struct Kind: Sendable, Hashable, Codable {
        public var kind: String
        public var description: String
        public var fields: [String]
        public var confidence: Double
        public var source: String

        public init(kind: String, description: String, fields: [String], confidence: Double, source: String) {
            self.kind = kind
            self.description = description
            self.fields = fields
            self.confidence = confidence
            self.source = source
        }
    }

    public var description: String
    /// A maker known through a brand label is worth this times the OEM relation's confidence.
    public var labelConfidence: Double
    public var labelSource: String
    public var kinds: [Kind]
    /// What evidence of an unlisted field is worth.
    public var otherConfidence: Double
    public var otherSource: String

    public init(
        description: String, labelConfidence: Double, labelSource: String, kinds: [Kind], otherConfidence: Double, otherSource: String
    ) {
        self.description = description
        self.labelConfidence = labelConfidence
        self.labelSource = labelSource
        self.kinds = kinds
        self.otherConfidence = otherConfidence
        self.otherSource = otherSource
    }

    /// The kind an observed field belongs to (longest matching prefix), or nil for an unlisted field.
    public func kind(ofField field: String) -> Kind? {
        var best: (kind: Kind, length: Int)?
        for kind in kinds {
            for prefix in kind.fields where field.hasPrefix(prefix) && prefix.count > (best?.length ?? -1) {
                best = (kind, prefix.count)
            }
        }
        return best?.kind
    }
}
