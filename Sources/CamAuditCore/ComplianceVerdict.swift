/// One rule set's verdict on one device (NDAA section 889, the FCC Covered List), with its basis.
public struct ComplianceVerdict: Sendable, Hashable, Codable {
    /// The rule set's id in `data/compliance/` (`ndaa-889`, `fcc-covered-list`).
    public var ruleSet: String
    /// `covered` (the rule set names the maker), `not-covered`, or `unknown` (the maker is not known).
    public var status: ComplianceStatus
    /// How sure: firmware-level proof of the maker is near 1, a label or a MAC prefix alone is lower.
    public var confidence: Double
    /// Sentences a reader can check: which maker, through which brand or OEM relation, from which evidence.
    public var basis: [String]
    /// The rule set's own title, date and source, e.g. `NDAA FY2019 §889 (Pub. L. 115-232), as of 2026-08-01`.
    public var rule: String
    /// Who made the device and what showed it, as data; absent when the maker is unknown, and in reports made before
    /// it was recorded. Reports turn it and `listing` into one plain sentence per rule set, with `basis` folded below.
    public var maker: Maker?
    /// What the rule set says about that maker, with the public document to read; absent in older reports.
    public var listing: Listing?

    public init(
        ruleSet: String, status: ComplianceStatus, confidence: Double, basis: [String], rule: String,
        maker: Maker? = nil, listing: Listing? = nil
    ) {
        self.ruleSet = ruleSet
        self.status = status
        self.confidence = confidence
        self.basis = basis
        self.rule = rule
        self.maker = maker
        self.listing = listing
    }

    /// The maker a verdict judged, and the strongest kind of evidence that named it.
    public struct Maker: Sendable, Hashable, Codable {
        /// The canonical maker, e.g. `Hikvision`.
        public var name: String
        /// The kind of the best evidence, as `data/maker-evidence.json` names kinds (`firmware`, `web or stream banner`,
        /// `MAC prefix`), or `brand label` when only a label and its OEM relation name the maker; absent when the report
        /// names the maker without evidence.
        public var evidence: String?
        /// Where that kind of evidence was read, e.g. `["ISAPI", "SADP"]` (`ObservedField.protocolName`).
        public var seenIn: [String]

        public init(name: String, evidence: String?, seenIn: [String]) {
            self.name = name
            self.evidence = evidence
            self.seenIn = seenIn
        }
    }

    /// What a rule set says about the maker, from its file in `data/compliance/`.
    public struct Listing: Sendable, Hashable, Codable {
        /// The rule set's title, e.g. `FCC Covered List`.
        public var title: String
        /// The public document of the rule set.
        public var url: String?
        /// The date the rule set's file was last checked against its sources, `YYYY-MM-DD`.
        public var asOf: String
        /// The entity the rule set names for this maker, when it covers it.
        public var entity: String?
        /// The paragraph that names it, e.g. `§889(f)(3)(B)`, when the rule set gives one.
        public var provision: String?
        /// Since when the entity is named, `YYYY-MM-DD`, when it is.
        public var since: String?

        public init(title: String, url: String?, asOf: String, entity: String? = nil, provision: String? = nil, since: String? = nil) {
            self.title = title
            self.url = url
            self.asOf = asOf
            self.entity = entity
            self.provision = provision
            self.since = since
        }
    }
}

/// A device's risk score and the items that made it, so the score explains itself.
public struct RiskScore: Sendable, Hashable, Codable {
    /// One contribution: what it is and how many points it added.
    public struct Item: Sendable, Hashable, Codable {
        public var reason: String
        public var points: Int
        /// The finding or verdict it comes from (`CVE-2021-36260`, `default-credentials`, `ndaa-889`), when there is one.
        public var source: String?

        public init(reason: String, points: Int, source: String? = nil) {
            self.reason = reason
            self.points = points
            self.source = source
        }
    }

    /// 0 to 100.
    public var score: Int
    /// `critical`, `high`, `medium`, `low` or `none`.
    public var level: RiskLevel
    public var items: [Item]

    public init(score: Int, level: RiskLevel, items: [Item]) {
        self.score = score
        self.level = level
        self.items = items
    }
}

/// What to do with each device, grouped and ordered by risk, with counts per group and per subnet.
public struct ReplacementPlan: Sendable, Hashable, Codable {
    /// One device's place in the plan.
    public struct Entry: Sendable, Hashable, Codable {
        public var address: IPAddress
        /// `replace-now`, `patch-now`, `harden` or `fine`.
        public var group: PlanGroup
        public var score: Int
        /// Concrete actions: the firmware build that fixes it, the setting to change, the mapping to remove, why to replace.
        public var actions: [String]

        public init(address: IPAddress, group: PlanGroup, score: Int, actions: [String]) {
            self.address = address
            self.group = group
            self.score = score
            self.actions = actions
        }
    }

    /// Entries by group (replace-now first), highest score first inside a group.
    public var entries: [Entry]
    /// Devices per group.
    public var counts: [String: Int]
    /// Devices per group for each /24 (IPv4) or /64 (IPv6) subnet.
    public var countsBySubnet: [String: [String: Int]]

    public init(entries: [Entry], counts: [String: Int], countsBySubnet: [String: [String: Int]]) {
        self.entries = entries
        self.counts = counts
        self.countsBySubnet = countsBySubnet
    }
}
