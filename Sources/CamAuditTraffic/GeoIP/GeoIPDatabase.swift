import CMaxMindDB
import CamAuditCore
import Foundation

/// One opened MaxMind DB (.mmdb) file, read through libmaxminddb.
///
/// `@unchecked Sendable`: after `MMDB_open` the database is a read-only memory map, and libmaxminddb's
/// lookup and get-value functions only read it, so concurrent lookups are safe (libmaxminddb docs,
/// "Thread Safety"). The `MMDB_s` lives at a fixed heap address so libmaxminddb's pointers stay valid.
public final class GeoIPDatabase: @unchecked Sendable, CustomStringConvertible {
    public let path: String
    /// The metadata's `database_type`, e.g. "GeoLite2-Country" or "DBIP-ASN-Lite (compat=GeoLite2-ASN)".
    public let databaseType: String
    /// When the database was built, seconds since 1970 (metadata `build_epoch`).
    public let buildEpoch: UInt64
    /// 4 or 6: the width of the search tree. An IPv6 tree also answers IPv4 addresses.
    public let ipVersion: Int
    /// The metadata's English `description`, e.g. "DB-IP.com - IP to City"; empty when it has none.
    public let databaseDescription: String
    private let database: UnsafeMutablePointer<MMDB_s>

    /// Database types that hold neither country nor network owner data (MaxMind's product list).
    static let typesWithoutGeography: Set<String> = [
        "GeoIP2-Anonymous-IP", "GeoIP2-Connection-Type", "GeoIP2-Domain", "GeoIP2-User-Connection-Type",
        "GeoIP2-IP-Risk", "GeoIP2-Static-IP-Score", "GeoIP2-Densityincome",
    ]

    /// Opens `path` memory-mapped; a missing, damaged or non-geographic database is a `GeoIPError`.
    public init(path: String) throws(GeoIPError) {
        let database = UnsafeMutablePointer<MMDB_s>.allocate(capacity: 1)
        database.initialize(to: MMDB_s())
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), database)
        guard status == MMDB_SUCCESS else {
            // MMDB_open frees what it allocated on failure; only our struct remains.
            database.deinitialize(count: 1)
            database.deallocate()
            let reason = Self.errorText(status)
            switch status {
            case MMDB_FILE_OPEN_ERROR, MMDB_IO_ERROR, MMDB_OUT_OF_MEMORY_ERROR:
                throw .cannotOpen(path: path, reason: reason)
            case MMDB_UNKNOWN_DATABASE_FORMAT_ERROR:
                throw .unsupportedDatabase(path: path, databaseType: "unknown", reason: reason)
            case MMDB_INVALID_METADATA_ERROR:
                // libmaxminddb says this both for files with no metadata marker at all (not an .mmdb)
                // and for damaged metadata; either way the file is not a usable database.
                throw .invalidDatabase(path: path, reason: reason)
            default:
                throw .invalidDatabase(path: path, reason: reason)
            }
        }
        let metadata = database.pointee.metadata
        let type = metadata.database_type.map { String(cString: $0) } ?? ""
        if Self.typesWithoutGeography.contains(type) {
            MMDB_close(database)
            database.deinitialize(count: 1)
            database.deallocate()
            throw .unsupportedDatabase(path: path, databaseType: type, reason: "it holds no country or network owner data")
        }
        self.path = path
        self.database = database
        databaseType = type.isEmpty ? "unnamed database" : type
        buildEpoch = metadata.build_epoch
        ipVersion = Int(metadata.ip_version)
        var text = ""
        for index in 0..<Int(metadata.description.count) {
            guard let entry = metadata.description.descriptions?[index]?.pointee else { continue }
            if entry.language.map({ String(cString: $0) }) == "en", let description = entry.description {
                text = String(cString: description)
            }
        }
        databaseDescription = text
    }

    deinit {
        MMDB_close(database)
        database.deinitialize(count: 1)
        database.deallocate()
    }

    /// "GeoLite2-Country, built 2024-05-01, IPv6 tree (/path/file.mmdb)".
    public var description: String {
        "\(databaseType), built \(builtDay), IPv\(ipVersion) tree (\(path))"
    }

    /// The day the database was built (metadata `build_epoch`), e.g. "2024-06-23".
    public var builtDay: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(buildEpoch)))
    }

    /// The line the database's licence asks a user of its data to show, by the maker the metadata names;
    /// nil when camaudit does not know the maker's terms.
    ///
    /// - DB-IP Lite (CC BY 4.0): "IP Geolocation by DB-IP" with a link (https://db-ip.com/db/lite.php).
    /// - MaxMind GeoLite2 (GeoLite2 End User License Agreement, §3 attribution): the sentence MaxMind prescribes
    ///   (https://www.maxmind.com/en/geolite2/eula).
    /// - Geoacumen-Country (Apache License 2.0, built from iptoasn.com data; its README asks for no attribution:
    ///   https://github.com/geoacumen/geoacumen-country): named with its licence all the same, so the reader knows
    ///   its countries are those where the announcing network is registered.
    public var attribution: String? {
        let type = databaseType.lowercased(), about = databaseDescription.lowercased()
        if type.hasPrefix("dbip") || about.contains("db-ip") {
            return "IP Geolocation by DB-IP (https://db-ip.com), licensed under CC BY 4.0"
        }
        if type.hasPrefix("geolite2") {
            return "This product includes GeoLite2 Data created by MaxMind, available from https://www.maxmind.com"
        }
        if type.hasPrefix("geoacumen") {
            return "Geoacumen-Country (https://github.com/geoacumen/geoacumen-country, Apache License 2.0), "
                + "built from iptoasn.com: a country is where the network that announces the address is registered"
        }
        return nil
    }

    /// What this database holds for `address`: nil when it has no entry (a miss); a damaged entry throws.
    public func record(for address: IPAddress) throws(GeoIPError) -> GeoIPRecord? {
        if ipVersion == 4, !address.isIPv4 { return nil }  // an IPv4 tree cannot know IPv6 addresses
        var lookupError: Int32 = 0
        var result = Self.withSocketAddress(address) { socketAddress in
            MMDB_lookup_sockaddr(database, socketAddress, &lookupError)
        }
        guard lookupError == MMDB_SUCCESS else {
            throw .invalidDatabase(path: path, reason: "looking up \(address): \(Self.errorText(lookupError))")
        }
        guard result.found_entry else { return nil }
        var record = GeoIPRecord()
        record.countryCode = Self.countryCode(try string(at: ["country", "iso_code"], in: &result.entry, address: address))
        record.countryName = try string(at: ["country", "names", "en"], in: &result.entry, address: address)
        record.continentCode = try string(at: ["continent", "code"], in: &result.entry, address: address)
        record.asn = try integer(at: ["autonomous_system_number"], in: &result.entry, address: address)
        record.asOrganization = try string(at: ["autonomous_system_organization"], in: &result.entry, address: address)
        // Registered-country only databases (or anycast networks) lack `country`; fall back to it.
        if record.countryCode == nil {
            record.countryCode = Self.countryCode(try string(at: ["registered_country", "iso_code"], in: &result.entry, address: address))
            record.countryName = try string(at: ["registered_country", "names", "en"], in: &result.entry, address: address)
        }
        record.network = Self.network(of: address, netmask: Int(result.netmask), treeIsIPv6: ipVersion == 6)
        return record
    }

    /// An ISO 3166-1 alpha-2 code, or nil: Geoacumen-Country writes the text "None" (and iptoasn.com
    /// "Unknown") for ranges no country is known for, which must not show as a country.
    static func countryCode(_ text: String?) -> String? {
        guard let text, text.utf8.count == 2, text.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else { return nil }
        return text
    }

    /// The prefix text for a lookup's netmask. In an IPv6 tree an IPv4 address sits under ::/96,
    /// so libmaxminddb's netmask counts those 96 bits too (libmaxminddb docs, MMDB_lookup_result_s).
    static func network(of address: IPAddress, netmask: Int, treeIsIPv6: Bool) -> String {
        var length = netmask
        if address.isIPv4, treeIsIPv6 { length -= 96 }
        let bytes = address.bytes
        length = max(0, min(length, bytes.count * 8))
        let masked = bytes.enumerated().map { index, byte -> UInt8 in
            let bitsKept = max(0, min(8, length - index * 8))
            return bitsKept == 0 ? 0 : byte & UInt8(truncatingIfNeeded: 0xFF << (8 - bitsKept))
        }
        let text =
            masked.count == 4
            ? masked.map(String.init).joined(separator: ".")
            : IPAddress.v6(high: Self.bigEndian(masked[0..<8]), low: Self.bigEndian(masked[8..<16])).description
        return "\(text)/\(length)"
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Reads the value at `path`; nil when the path is absent, a `GeoIPError` when the data is damaged.
    private func value(at path: [String], in entry: inout MMDB_entry_s, address: IPAddress) throws(GeoIPError) -> MMDB_entry_data_s? {
        // MMDB_get_value is variadic (not callable from Swift); MMDB_aget_value takes a NULL-terminated array.
        let cStrings = path.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var pathArray: [UnsafePointer<CChar>?] = cStrings.map { $0.map { UnsafePointer($0) } } + [nil]
        var data = MMDB_entry_data_s()
        let status = pathArray.withUnsafeMutableBufferPointer { buffer in
            MMDB_aget_value(&entry, &data, buffer.baseAddress)
        }
        switch status {
        case MMDB_SUCCESS:
            return data.has_data ? data : nil
        case MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR, MMDB_INVALID_LOOKUP_PATH_ERROR:
            return nil  // e.g. `country` is not a map in this database: it simply lacks the field
        default:
            throw .invalidDatabase(
                path: self.path, reason: "reading \(path.joined(separator: ".")) for \(address): \(Self.errorText(status))")
        }
    }

    private func string(at path: [String], in entry: inout MMDB_entry_s, address: IPAddress) throws(GeoIPError) -> String? {
        guard let data = try value(at: path, in: &entry, address: address),
            data.type == UInt32(MMDB_DATA_TYPE_UTF8_STRING), let start = data.utf8_string
        else { return nil }
        // MMDB strings are not NUL-terminated: data_size bounds them.
        let bytes = UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self)
        let text = String(decoding: UnsafeBufferPointer(start: bytes, count: Int(data.data_size)), as: UTF8.self)
        return text.isEmpty ? nil : text
    }

    private func integer(at path: [String], in entry: inout MMDB_entry_s, address: IPAddress) throws(GeoIPError) -> Int? {
        guard let data = try value(at: path, in: &entry, address: address) else { return nil }
        switch Int32(data.type) {
        case MMDB_DATA_TYPE_UINT16: return Int(data.uint16)
        case MMDB_DATA_TYPE_UINT32: return Int(data.uint32)
        case MMDB_DATA_TYPE_INT32: return Int(data.int32)
        case MMDB_DATA_TYPE_UINT64: return data.uint64 <= UInt64(Int.max) ? Int(data.uint64) : nil
        default: return nil
        }
    }

    private static func withSocketAddress<Result>(_ address: IPAddress, _ body: (UnsafePointer<sockaddr>) -> Result) -> Result {
        switch address {
        case .v4(let value):
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_addr = in_addr(s_addr: value.bigEndian)
            return withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body)
            }
        case .v6:
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            let bytes = address.bytes
            withUnsafeMutableBytes(of: &socketAddress.sin6_addr) { raw in
                for index in 0..<min(16, raw.count) { raw[index] = bytes[index] }
            }
            return withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body)
            }
        }
    }

    static func errorText(_ status: Int32) -> String {
        MMDB_strerror(status).map { String(cString: $0) } ?? "libmaxminddb error \(status)"
    }
}
