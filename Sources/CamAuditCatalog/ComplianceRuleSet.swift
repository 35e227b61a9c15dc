/// One compliance rule set (`data/compliance/<id>.json`): a dated, sourced list of covered makers.
public struct ComplianceRuleSet: Sendable, Hashable, Codable {
    /// One entity the rule set names; `manufacturer` is set when it makes devices camaudit can identify.
    public struct Entity: Sendable, Hashable, Codable {
        public var entity: String
        /// Canonical manufacturer name (vocabulary.json); absent for services and categories.
        public var manufacturer: String?
        /// The paragraph of the law that names it, e.g. `§889(f)(3)(B)`.
        public var provision: String?
        public var equipment: String
        /// The use the coverage is limited to, when the rule says so.
        public var scope: String?
        public var dateAdded: String
        public var source: String

        public init(
            entity: String, manufacturer: String?, provision: String? = nil, equipment: String, scope: String? = nil, dateAdded: String,
            source: String
        ) {
            self.entity = entity
            self.manufacturer = manufacturer
            self.provision = provision
            self.equipment = equipment
            self.scope = scope
            self.dateAdded = dateAdded
            self.source = source
        }
    }

    public var id: String
    public var title: String
    public var citation: String
    /// The date the list was last checked against its sources, `YYYY-MM-DD`.
    public var asOf: String
    public var url: String?
    public var source: String
    public var effect: String
    /// Whether devices relabelled by an OEM count as their maker's (oem-brands.json relations).
    public var coversOEMLabels: Bool
    public var coversOEMLabelsSource: String?
    public var notes: [String]?
    public var entities: [Entity]

    public init(
        id: String, title: String, citation: String, asOf: String, url: String? = nil, source: String, effect: String,
        coversOEMLabels: Bool, coversOEMLabelsSource: String? = nil, notes: [String]? = nil, entities: [Entity]
    ) {
        self.id = id
        self.title = title
        self.citation = citation
        self.asOf = asOf
        self.url = url
        self.source = source
        self.effect = effect
        self.coversOEMLabels = coversOEMLabels
        self.coversOEMLabelsSource = coversOEMLabelsSource
        self.notes = notes
        self.entities = entities
    }

    /// The entity naming this canonical manufacturer, if the rule set covers it.
    public func entity(coveringManufacturer manufacturer: String) -> Entity? {
        entities.first { $0.manufacturer == manufacturer }
    }

    /// The rule written for a report line: title, citation and date, e.g. `NDAA FY2019 §889 (Pub. L. ...), as of 2026-11-21`.
    public var summary: String { "\(title) (\(citation)), as of \(asOf)" }
}
