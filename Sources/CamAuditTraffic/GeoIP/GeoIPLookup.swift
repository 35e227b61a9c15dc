import CamAuditCore

/// Looks addresses up in several GeoIP databases (e.g. a country and an ASN database) and merges the
/// answers field by field: the first database, in the order given, that knows a field wins.
public struct GeoIPLookup: Sendable {
    public let databases: [GeoIPDatabase]
    /// Lookups where a database entry was damaged; the other databases still answered.
    public private(set) var lookupErrors = 0
    /// The first damaged-entry error met, to show the user once.
    public private(set) var firstLookupError: GeoIPError?

    /// Uses databases already opened, in priority order.
    public init(databases: [GeoIPDatabase]) {
        self.databases = databases
    }

    /// Opens each path in priority order; the first file that cannot be used throws.
    public init(paths: [String]) throws(GeoIPError) {
        var opened: [GeoIPDatabase] = []
        for path in paths { opened.append(try GeoIPDatabase(path: path)) }
        self.init(databases: opened)
    }

    /// One line per database: type, build date, tree width and path (for the report's sources).
    public var databaseDescriptions: [String] { databases.map(\.description) }

    /// The attribution lines the databases' licences ask for (`GeoIPDatabase.attribution`), once each.
    public var attributions: [String] {
        var lines: [String] = []
        for line in databases.compactMap(\.attribution) where !lines.contains(line) { lines.append(line) }
        return lines
    }

    /// The merged record for `address`; nil when no database has an entry for it.
    public mutating func record(for address: IPAddress) -> GeoIPRecord? {
        var merged: GeoIPRecord?
        for database in databases {
            do {
                guard let found = try database.record(for: address) else { continue }
                merged = merged?.filling(from: found) ?? found
            } catch {
                // A damaged entry in one database must not hide what the others know.
                lookupErrors += 1
                if firstLookupError == nil { firstLookupError = error }
            }
        }
        return merged
    }

    /// Records for many addresses at once, each looked up once; addresses no database knows are left out.
    public mutating func records(for addresses: some Sequence<IPAddress>) -> [IPAddress: GeoIPRecord] {
        var result: [IPAddress: GeoIPRecord] = [:]
        for address in Set(addresses) {
            if let record = record(for: address) { result[address] = record }
        }
        return result
    }
}
