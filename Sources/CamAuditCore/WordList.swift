/// A closed list of words a report writes as JSON strings (`schema/scan-report.schema.json` lists each as an `enum`).
///
/// Each case encodes as its raw value, so the JSON is the same as when these were plain strings. Decoding a word
/// that is not on the list fails with a sentence naming the word and the list: camaudit never wrote another one,
/// so such a file was edited or made by another tool, and guessing (an unknown severity as `none`) would hide a finding.
public protocol WordList: RawRepresentable<String>, CaseIterable, Codable, Sendable, Hashable, CustomStringConvertible {
    /// What one word of the list is, for error messages: `severity`, `finding kind`.
    static var listName: String { get }
}

extension WordList {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let word = try container.decode(String.self)
        guard let value = Self(rawValue: word) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\"\(word)\" is not a \(Self.listName); expected one of \(Self.words.joined(separator: ", "))")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The word as the JSON writes it, also in string interpolation (`phone-home`, not `phoneHome`).
    public var description: String { rawValue }

    /// Every word of the list, in the list's order.
    public static var words: [String] { allCases.map(\.rawValue) }

    /// The position in `allCases`: the order of an ordered list.
    var position: Int { Self.allCases.firstIndex(of: self).map { Self.allCases.distance(from: Self.allCases.startIndex, to: $0) } ?? 0 }
}

/// An ordered word list: `allCases` runs from the mildest to the worst, and `<` follows it.
public protocol OrderedWordList: WordList, Comparable {}

extension OrderedWordList {
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.position < rhs.position }

    /// Worst first, as reports list them.
    public static var worstFirst: [Self] { allCases.reversed() }
}
