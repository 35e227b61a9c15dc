/// What the user's GeoIP databases say about one address; every field is nil when no database knew it.
public struct GeoIPRecord: Sendable, Hashable, Codable {
    /// ISO 3166-1 alpha-2 code, e.g. "CN".
    public var countryCode: String?
    /// English country name, e.g. "China".
    public var countryName: String?
    /// Two-letter continent code as MaxMind writes it, e.g. "AS" for Asia.
    public var continentCode: String?
    /// Autonomous system number of the network announcing the address.
    public var asn: Int?
    /// Name of the organisation holding that autonomous system.
    public var asOrganization: String?
    /// The prefix the database matched, e.g. "203.0.113.0/24" (from the first database that had an entry).
    public var network: String?

    public init(
        countryCode: String? = nil, countryName: String? = nil, continentCode: String? = nil,
        asn: Int? = nil, asOrganization: String? = nil, network: String? = nil
    ) {
        self.countryCode = countryCode
        self.countryName = countryName
        self.continentCode = continentCode
        self.asn = asn
        self.asOrganization = asOrganization
        self.network = network
    }

    /// True when no field is known.
    public var isEmpty: Bool {
        countryCode == nil && countryName == nil && continentCode == nil && asn == nil && asOrganization == nil && network == nil
    }

    /// Fills each field still nil from `other`: the first database that knows a field wins.
    public func filling(from other: GeoIPRecord) -> GeoIPRecord {
        GeoIPRecord(
            countryCode: countryCode ?? other.countryCode, countryName: countryName ?? other.countryName,
            continentCode: continentCode ?? other.continentCode, asn: asn ?? other.asn,
            asOrganization: asOrganization ?? other.asOrganization, network: network ?? other.network)
    }
}
