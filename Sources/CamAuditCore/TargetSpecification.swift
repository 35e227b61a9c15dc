/// One target as the user wrote it: an address, a network, a range or a name to resolve.
public struct TargetSpecification: Sendable, Hashable, CustomStringConvertible {
    /// What the text names.
    public enum Kind: Sendable, Hashable {
        case range(AddressRange)
        /// A host name, lower-cased; it is resolved when the scan starts.
        case hostname(String)
    }

    /// The target exactly as given (a report's `targets` shows it so).
    public let text: String
    public let kind: Kind

    /// The largest number of addresses one specification may expand to (a /8, or an IPv6 /104).
    public static let maximumAddresses: UInt64 = 1 << 24

    /// Parses `127.0.0.1`, `127.1.0.0/24`, `127.1.0.10-40`, `127.1.0.10-127.1.2.5`, `::1`,
    /// `[fe80::1]`, `2001:db8::/120` or a host name.
    public init(parsing raw: String) throws(TargetError) {
        self.text = raw
        kind = try Self.kind(parsing: raw)
    }

    private static func kind(parsing raw: String) throws(TargetError) -> Kind {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw .empty }
        if let slash = text.firstIndex(of: "/") {
            let addressText = String(text[..<slash])
            let prefixText = text[text.index(after: slash)...]
            guard let base = IPAddress(addressText) else { throw .malformed(text, "the part before '/' is not an IP address") }
            guard let prefix = Int(prefixText) else { throw .malformed(text, "the prefix length after '/' is not a number") }
            return .range(try AddressRange(network: base, prefixLength: prefix, original: text))
        }
        if let address = IPAddress(text) {
            return .range(AddressRange(single: address))
        }
        if let dash = text.firstIndex(of: "-"), let start = IPAddress(String(text[..<dash])) {
            let endText = String(text[text.index(after: dash)...])
            if let end = IPAddress(endText) {
                return .range(try AddressRange(from: start, to: end, original: text))
            }
            // Short form: the last octet (IPv4) or last group (IPv6) only, as nmap writes it.
            switch start {
            case .v4(let value):
                guard let last = UInt32(endText), last <= 255 else {
                    throw .malformed(text, "after '-' write the last octet (0-255) or a whole address")
                }
                return .range(try AddressRange(from: start, to: .v4(value & 0xffff_ff00 | last), original: text))
            case .v6(let high, let low):
                guard let last = UInt64(endText, radix: 16), last <= 0xffff else {
                    throw .malformed(text, "after '-' write the last group in hex or a whole address")
                }
                return .range(try AddressRange(from: start, to: .v6(high: high, low: low & ~0xffff | last), original: text))
            }
        }
        guard TargetSpecification.isHostname(text) else {
            throw .malformed(text, "it is neither an address, a network (a.b.c.d/n), a range (a.b.c.d-e) nor a host name")
        }
        return .hostname(text.lowercased())
    }

    public var description: String { text }

    /// Parses each text; the first that is not a target throws.
    public static func list(_ texts: [String]) throws(TargetError) -> [TargetSpecification] {
        var result: [TargetSpecification] = []
        for text in texts { result.append(try TargetSpecification(parsing: text)) }
        return result
    }

    /// Parses a target list: one target per line (or per `separator`), `#` starts a comment, blank
    /// entries are skipped, and each target is kept as written without the surrounding spaces.
    public static func list(in text: String, separator: Character = "\n") throws(TargetError) -> [TargetSpecification] {
        // `isNewline`: a Windows line end ("\r\n") is one Character, equal to neither "\r" nor "\n".
        let entries = text.split(whereSeparator: { $0 == separator || $0.isNewline }).compactMap { line -> String? in
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        return try list(entries)
    }

    static func isHostname(_ text: String) -> Bool {
        guard text.utf8.count <= 253 else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        } && !(labels.last?.allSatisfy { $0.isNumber } ?? true)
    }
}

/// A contiguous run of addresses of one family, both ends included.
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    public let lower: IPAddress
    public let upper: IPAddress

    public init(single address: IPAddress) {
        lower = address
        upper = address
    }

    public init(from lower: IPAddress, to upper: IPAddress, original: String = "") throws(TargetError) {
        switch (lower, upper) {
        case (.v4(let a), .v4(let b)):
            guard a <= b else { throw .malformed(original, "the range ends before it starts") }
        case (.v6(let ah, let al), .v6(let bh, let bl)):
            guard ah == bh else { throw .tooLarge(original, "IPv6 ranges must stay inside one /64") }
            guard al <= bl else { throw .malformed(original, "the range ends before it starts") }
            guard bl - al < TargetSpecification.maximumAddresses else {
                throw .tooLarge(original, "it holds more than \(TargetSpecification.maximumAddresses) addresses")
            }
        default:
            throw .malformed(original, "both ends of a range must be of the same address family")
        }
        self.lower = lower
        self.upper = upper
    }

    public init(network: IPAddress, prefixLength: Int, original: String = "") throws(TargetError) {
        switch network {
        case .v4(let value):
            guard (0...32).contains(prefixLength) else { throw .malformed(original, "an IPv4 prefix length is 0 to 32") }
            guard prefixLength >= 8 else { throw .tooLarge(original, "networks larger than a /8 are refused; split it") }
            let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefixLength)
            lower = .v4(value & mask)
            upper = .v4(value & mask | ~mask)
        case .v6(let high, let low):
            guard (0...128).contains(prefixLength) else { throw .malformed(original, "an IPv6 prefix length is 0 to 128") }
            guard prefixLength >= 104 else {
                throw .tooLarge(original, "IPv6 networks larger than a /104 cannot be swept; give the addresses you know")
            }
            let hostBits = UInt64(128 - prefixLength)
            let mask: UInt64 = hostBits == 0 ? ~0 : ~UInt64(0) << hostBits
            lower = .v6(high: high, low: low & mask)
            upper = .v6(high: high, low: low & mask | ~mask)
        }
    }

    public var count: UInt64 {
        switch (lower, upper) {
        case (.v4(let a), .v4(let b)): return UInt64(b - a) + 1
        case (.v6(_, let a), .v6(_, let b)): return b - a + 1
        default: return 0
        }
    }

    public func contains(_ address: IPAddress) -> Bool {
        lower <= address && address <= upper && lower.isIPv4 == address.isIPv4
    }

    public var description: String { lower == upper ? lower.description : "\(lower)-\(upper)" }
}

/// Why a target could not be used, worded for the person who typed it.
public enum TargetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An empty target string.
    case empty
    /// The text could not be read as a target; the second value says why.
    case malformed(String, String)
    /// The target expands to more addresses than camaudit sweeps.
    case tooLarge(String, String)
    /// A host name did not resolve.
    case unresolved(String)
    /// The scope guard refused an address; the second value says why.
    case outOfScope(String, String)
    /// The target is, crosses into or resolves to public (globally routable) space, which is refused
    /// unless the scan allows public targets; the second value says why.
    case publicAddress(String, String)
    /// Nothing is left to scan once exclusions are applied.
    case nothingToScan

    public var description: String {
        switch self {
        case .empty: return "An empty target was given; remove the empty argument or line."
        case .malformed(let text, let why): return "'\(text)' is not a valid target: \(why)."
        case .tooLarge(let text, let why): return "'\(text)' is too large to scan: \(why)."
        case .unresolved(let name): return "'\(name)' did not resolve to any address; check the name or give an address."
        case .outOfScope(let text, let why), .publicAddress(let text, let why): return "'\(text)' was refused: \(why)."
        case .nothingToScan: return "No address is left to scan once the exclusions are applied."
        }
    }

    /// This refusal carried over to what led to it (a host name that resolves to the refused address,
    /// an imported file that names it): the same kind, for `text`, with `why` given this error's sentence.
    public func carried(to text: String, why: (String) -> String) -> TargetError {
        switch self {
        case .publicAddress: return .publicAddress(text, why(description))
        default: return .outOfScope(text, why(description))
        }
    }
}
