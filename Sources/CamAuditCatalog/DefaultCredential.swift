/// One factory default login of a manufacturer or brand, from `data/credentials/default-credentials.json`.
public struct DefaultCredential: Sendable, Hashable {
    /// Where the login comes from.
    public enum Kind: String, Sendable, Hashable {
        /// The login the vendor ships (manuals, default-password lists).
        case factoryDefault = "factory-default"
        /// An undocumented or service account named in a published advisory.
        case hardCoded = "hard-coded"
    }

    /// Stable id, e.g. `hikvision-admin-12345`.
    public var id: String
    /// Canonical manufacturer or brand name (vocabulary.json), or `*` for the generic list tried on cameras
    /// whose maker is unknown.
    public var vendor: String
    public var username: String
    /// The password to try; `""` is a blank password; nil when the vendor has no factory password (never tried).
    public var password: String?
    /// Why there is nothing to try (`none - activation required`), when `password` is nil.
    public var informational: String?
    /// Which firmware generations ship this default, when the source says.
    public var era: String?
    public var note: String?
    public var source: String
    public var kind: Kind
    /// The advisory that names a hard-coded account (URL), and its publication date (`YYYY-MM-DD`).
    public var advisory: String?
    public var published: String?
    public var location: CatalogLocation

    public init(
        id: String, vendor: String, username: String, password: String?, informational: String? = nil, era: String? = nil,
        note: String? = nil, source: String, kind: Kind = .factoryDefault, advisory: String? = nil, published: String? = nil,
        location: CatalogLocation
    ) {
        self.id = id
        self.vendor = vendor
        self.username = username
        self.password = password
        self.informational = informational
        self.era = era
        self.note = note
        self.source = source
        self.kind = kind
        self.advisory = advisory
        self.published = published
        self.location = location
    }

    /// True when the entry is a login to try (it has a password, possibly blank).
    public var isTriable: Bool { password != nil }

    /// True for the generic entries (`vendor` `*`), tried only when the maker is unknown.
    public var isGeneric: Bool { vendor == "*" }
}
