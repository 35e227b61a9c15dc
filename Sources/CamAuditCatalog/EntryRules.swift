import CamAuditCore
import Foundation

/// The rules every data file's entries share, worded once: ids are unique, sources are given, vendors are the
/// vocabulary's. Each returns the message to report, or nil.
public enum EntryRules {
    /// Remembers the ids of one list and names a repeated one.
    public struct IDs: Sendable {
        private var seen: [String: Int] = [:]

        public init() {}

        /// How many times `id` was seen before this one (0 the first time).
        public mutating func occurrence(of id: String) -> Int {
            let count = seen[id, default: 0]
            seen[id] = count + 1
            return count
        }

        /// The message for a repeated id, or nil the first time it is seen.
        public mutating func duplicate(_ id: String) -> String? {
            occurrence(of: id) == 0 ? nil : EntryRules.duplicateMessage(id)
        }
    }

    public static func duplicateMessage(_ id: String) -> String {
        "duplicate id \"\(id)\"; give each entry its own id"
    }

    /// A source (or another citation key) that is missing or blank.
    public static func emptySource(_ text: String?, key: String = "source") -> String? {
        guard (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return "\"\(key)\" has an empty source; name where the fact comes from (a URL, or a document title and date)"
    }

    /// How a vendor name fails the vocabulary, if it does.
    public enum VendorProblem: Sendable, Equatable {
        /// Known, but spelled otherwise; `canonical` is the vocabulary's spelling.
        case spelling(canonical: String)
        /// A brand where a manufacturer is needed.
        case brand(String)
        case unknown

        public func message(_ what: String, _ name: String) -> String {
            switch self {
            case .spelling(let canonical): return "\(what) \"\(name)\" is spelled differently in vocabulary.json; write \"\(canonical)\""
            case .brand(let brand):
                return "\(what) \"\(name)\" is the brand \(brand), not a manufacturer; give the manufacturer that makes the firmware"
            case .unknown: return "\(what) \"\(name)\" is not in vocabulary.json; add it there first"
            }
        }
    }

    /// Checks `name` against the vocabulary; a brand is accepted unless `manufacturerOnly`.
    public static func vendor(_ name: String, in vocabulary: Vocabulary, manufacturerOnly: Bool = false) -> VendorProblem? {
        switch vocabulary.resolve(name) {
        case .manufacturer(let canonical)?: return canonical == name ? nil : .spelling(canonical: canonical)
        case .brand(let canonical)?:
            if manufacturerOnly { return .brand(canonical) }
            return canonical == name ? nil : .spelling(canonical: canonical)
        case nil: return .unknown
        }
    }
}
