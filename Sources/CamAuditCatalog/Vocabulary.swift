import CamAuditCore
import Foundation

/// The canonical manufacturer and brand names, with the spellings devices use for them.
public struct Vocabulary: Sendable {
    /// One canonical name and its aliases.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var aliases: [String]
        /// For manufacturers: what a device of theirs is when no evidence says otherwise.
        public var defaultDeviceType: DeviceType?
        public var source: String
        public var location: CatalogLocation

        public init(name: String, aliases: [String], defaultDeviceType: DeviceType?, source: String, location: CatalogLocation) {
            self.name = name
            self.aliases = aliases
            self.defaultDeviceType = defaultDeviceType
            self.source = source
            self.location = location
        }
    }

    /// What a name resolves to.
    public enum Resolution: Sendable, Hashable {
        case manufacturer(String)
        case brand(String)
    }

    public let manufacturers: [Entry]
    public let brands: [Entry]
    private let lookup: [String: Resolution]
    private let defaultTypes: [String: DeviceType]

    public init(manufacturers: [Entry], brands: [Entry]) {
        self.manufacturers = manufacturers
        self.brands = brands
        var lookup: [String: Resolution] = [:]
        // Brands first so that a manufacturer spelling wins if data ever lists one name twice (lint reports it).
        for entry in brands {
            for name in [entry.name] + entry.aliases { lookup[Self.key(name)] = .brand(entry.name) }
        }
        for entry in manufacturers {
            for name in [entry.name] + entry.aliases { lookup[Self.key(name)] = .manufacturer(entry.name) }
        }
        self.lookup = lookup
        var defaultTypes: [String: DeviceType] = [:]
        for entry in manufacturers { defaultTypes[entry.name] = entry.defaultDeviceType }
        self.defaultTypes = defaultTypes
    }

    /// The canonical name for a spelling seen on a device (case-insensitive), or nil if unknown.
    public func resolve(_ name: String) -> Resolution? {
        lookup[Self.key(name)]
    }

    public func isManufacturer(_ canonicalName: String) -> Bool {
        manufacturers.contains { $0.name == canonicalName }
    }

    public func isBrand(_ canonicalName: String) -> Bool {
        brands.contains { $0.name == canonicalName }
    }

    /// What a device of this manufacturer is when no evidence gives its type.
    public func defaultDeviceType(forManufacturer name: String) -> DeviceType? {
        defaultTypes[name]
    }

    static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    public static let empty = Vocabulary(manufacturers: [], brands: [])
}
