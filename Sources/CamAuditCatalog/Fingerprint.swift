import CamAuditCore
import Foundation

/// Where an entry sits in its data file, for diagnostics.
public struct CatalogLocation: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    public var description: String { "\(path):\(line)" }
}

/// One example value and the exact attributes its fingerprint must extract from it.
public struct FingerprintExample: Sendable, Hashable {
    public var value: String
    public var expect: [String: String]

    public init(value: String, expect: [String: String]) {
        self.value = value
        self.expect = expect
    }
}

/// One catalog entry: a pattern over one observed field and what a match says about the device.
public struct Fingerprint: Sendable {
    /// Stable id, e.g. `hikvision.http.server.dnvrs-webs`.
    public let id: String
    public let field: ObservedField
    public let description: String
    public let pattern: String
    public let flags: [String]
    /// Attribute templates; `$1`..`$9` refer to capture groups.
    public let params: [String: String]
    /// How much this match alone is worth, 0 to 1.
    public let weight: Double
    public let source: String
    public let examples: [FingerprintExample]
    public let location: CatalogLocation
    /// Nil when the pattern does not compile; such an entry never matches and lint reports it.
    let compiled: CompiledPattern?

    init(
        id: String, field: ObservedField, description: String, pattern: String, flags: [String],
        params: [String: String], weight: Double, source: String, examples: [FingerprintExample],
        location: CatalogLocation, compiled: CompiledPattern?
    ) {
        self.id = id
        self.field = field
        self.description = description
        self.pattern = pattern
        self.flags = flags
        self.params = params
        self.weight = weight
        self.source = source
        self.examples = examples
        self.location = location
        self.compiled = compiled
    }

    /// The attributes this entry extracts from `value`, or nil when it does not match.
    ///
    /// Captured manufacturer and brand names are put into canonical form through the vocabulary,
    /// and a captured name the vocabulary knows as a brand is reported as `brand`.
    func attributes(matching value: String, vocabulary: Vocabulary) -> [String: String]? {
        guard let groups = compiled?.firstMatchGroups(in: value) else { return nil }
        var attributes: [String: String] = [:]
        var capturedNames: [(key: String, value: String)] = []
        for (key, template) in params.sorted(by: { $0.key < $1.key }) {
            let filled = Self.substitute(template, groups: groups).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !filled.isEmpty else { continue }
            if template.contains("$"), key == FingerprintAttribute.manufacturer.rawValue || key == FingerprintAttribute.brand.rawValue {
                capturedNames.append((key, filled))
            } else {
                attributes[key] = filled
            }
        }
        for (key, name) in capturedNames {
            switch vocabulary.resolve(name) {
            case .manufacturer(let canonical)?:
                attributes[FingerprintAttribute.manufacturer.rawValue] = attributes[FingerprintAttribute.manufacturer.rawValue] ?? canonical
            case .brand(let canonical)?:
                attributes[FingerprintAttribute.brand.rawValue] = attributes[FingerprintAttribute.brand.rawValue] ?? canonical
            case nil:
                attributes[key] = attributes[key] ?? name
            }
        }
        return attributes
    }

    /// Replaces `$0`..`$9` with capture groups; a group that did not take part becomes empty.
    static func substitute(_ template: String, groups: [String?]) -> String {
        guard template.contains("$") else { return template }
        var result = ""
        var characters = template.makeIterator()
        while let character = characters.next() {
            guard character == "$" else {
                result.append(character)
                continue
            }
            guard let next = characters.next() else {
                result.append(character)
                break
            }
            if let digit = next.wholeNumberValue, next.isASCII {
                if digit < groups.count, let group = groups[digit] { result += group }
            } else {
                result.append(character)
                result.append(next)
            }
        }
        return result
    }

    /// The capture group numbers the params refer to.
    var referencedGroups: Set<Int> {
        var groups: Set<Int> = []
        for template in params.values {
            var previousWasDollar = false
            for character in template {
                if previousWasDollar, let digit = character.wholeNumberValue, character.isASCII { groups.insert(digit) }
                previousWasDollar = character == "$"
            }
        }
        return groups
    }
}
