import CamAuditCore
import Foundation

/// How device type is decided (`data/device-types.json`): how much each observed field is worth on
/// device type, and the model-number families that name a device's type from its model.
public struct DeviceTypeRules: Sendable {
    /// One level of evidence: the observed fields it covers, by prefix.
    public struct EvidenceRank: Sendable, Hashable {
        /// Higher beats lower whatever the weights; 0 (open ports) never decides alone.
        public var rank: Int
        public var name: String
        public var fields: [String]
        public var source: String
        public var location: CatalogLocation
    }

    /// Fields of this rank or below never decide an attribute alone: they only add to a value
    /// that stronger evidence already claims.
    public static let corroborationOnlyRank = 0
    /// The rank of a field no entry lists: a banner-level hint.
    public static let unlistedRank = 2

    /// Fingerprints (by id prefix) whose device-type claims every kind of video device gives.
    public struct GenericCues: Sendable, Hashable {
        public var rank: Int
        public var fingerprints: [String]
        public var source: String
    }

    public let ranks: [EvidenceRank]
    public let genericCues: GenericCues?
    public let families: [ModelFamily]

    public init(ranks: [EvidenceRank], genericCues: GenericCues? = nil, families: [ModelFamily]) {
        self.ranks = ranks
        self.genericCues = genericCues
        self.families = families
    }

    public static let empty = DeviceTypeRules(ranks: [], families: [])

    /// The rank of a device-type claim: a generic cue's rank, else its field's.
    public func typeRank(ofFingerprint fingerprint: String, field: String) -> Int {
        if let cues = genericCues, cues.fingerprints.contains(where: { fingerprint.hasPrefix($0) }) {
            return min(cues.rank, rank(ofField: field))
        }
        return rank(ofField: field)
    }

    /// The rank of an observed field: the entry with the longest matching prefix.
    public func rank(ofField field: String) -> Int {
        var best: (rank: Int, length: Int)?
        for entry in ranks {
            for prefix in entry.fields where field.hasPrefix(prefix) && prefix.count > (best?.length ?? -1) {
                best = (entry.rank, prefix.count)
            }
        }
        return best?.rank ?? Self.unlistedRank
    }

    /// The family a model belongs to. The identified manufacturer's families are tried first, in
    /// file order; without a match there, a match among all families counts only when every
    /// matching family gives the same device type.
    public func family(forModel model: String, manufacturer: String?) -> ModelFamily? {
        let trimmed = model.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if let manufacturer, let own = families.first(where: { $0.manufacturer == manufacturer && $0.matches(trimmed) }) {
            return own
        }
        let matching = families.filter { $0.matches(trimmed) }
        guard let first = matching.first, matching.allSatisfy({ $0.deviceType == first.deviceType }) else { return nil }
        return first
    }

    /// The first family of `manufacturer` (file order) that matches `model`, as lint checks examples.
    public func firstFamily(ofManufacturer manufacturer: String, matching model: String) -> ModelFamily? {
        families.first { $0.manufacturer == manufacturer && $0.matches(model) }
    }
}

/// Model numbers of one maker that share a device type (`DS-76xxNI` recorders, `IPC-` cameras, ...).
public struct ModelFamily: Sendable {
    public var id: String
    /// The maker whose firmware uses these model numbers (labels of OEMs sit under their maker).
    public var manufacturer: String
    public var pattern: String
    public var flags: [String]
    public var deviceType: DeviceType
    public var source: String
    /// Real model numbers this family must match first.
    public var examples: [String]
    /// Real model numbers of other kinds that this family must not take.
    public var counterExamples: [String]
    public var location: CatalogLocation
    let compiled: CompiledPattern?

    init(
        id: String, manufacturer: String, pattern: String, flags: [String], deviceType: DeviceType, source: String,
        examples: [String], counterExamples: [String], location: CatalogLocation, compiled: CompiledPattern?
    ) {
        self.id = id
        self.manufacturer = manufacturer
        self.pattern = pattern
        self.flags = flags
        self.deviceType = deviceType
        self.source = source
        self.examples = examples
        self.counterExamples = counterExamples
        self.location = location
        self.compiled = compiled
    }

    /// Whether the model number belongs to this family (bounded like every catalog match).
    public func matches(_ model: String) -> Bool {
        guard let compiled else { return false }
        return compiled.firstMatchGroups(in: FingerprintCatalog.bounded(model)) != nil
    }
}
