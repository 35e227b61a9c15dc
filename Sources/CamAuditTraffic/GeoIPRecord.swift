/// Country and network of an address from a GeoIP database (placeholder until the libmaxminddb reader lands).
public struct GeoIPRecord: Sendable, Hashable, Codable {
    public var countryCode: String?
    public var countryName: String?
    public var continentCode: String?
    public var asn: Int?
    public var asOrganization: String?
    public var network: String?
}
