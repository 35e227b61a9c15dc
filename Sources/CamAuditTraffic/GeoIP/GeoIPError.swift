/// Why a GeoIP database could not be used.
public enum GeoIPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file is missing, unreadable, or libmaxminddb found no MaxMind DB metadata in it.
    case cannotOpen(path: String, reason: String)
    /// The file has MaxMind DB metadata but it, or the search tree it describes, is damaged.
    case invalidDatabase(path: String, reason: String)
    /// A readable database that holds no country or network data, or uses a format version libmaxminddb does not read.
    case unsupportedDatabase(path: String, databaseType: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "Cannot open the GeoIP database \(path): \(reason). "
                + "Give a .mmdb file such as GeoLite2-Country.mmdb, GeoLite2-ASN.mmdb or DB-IP's dbip-country-lite.mmdb; camaudit bundles none."
        case .invalidDatabase(let path, let reason):
            return "The GeoIP database \(path) is damaged: \(reason). Download it again from MaxMind or DB-IP."
        case .unsupportedDatabase(let path, let type, let reason):
            return "The GeoIP database \(path) (\(type)) cannot be used: \(reason). "
                + "Give a country, city or ASN database (GeoLite2-Country, GeoLite2-City, GeoLite2-ASN, or DB-IP lite country/city/asn)."
        }
    }
}
