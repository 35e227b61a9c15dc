import Foundation

/// A top-level member of a JSON answer, reduced to what probe matchers compare: its JSON text.
///
/// Decoding with `JSONDecoder` keeps `true` and `1` apart on every platform (JSONSerialization on Linux may not).
enum ProbeJSONValue: Decodable, Sendable, Equatable {
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case null
    /// Objects and arrays: never equal to a matcher value.
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            self = .other
        }
    }

    /// The value as a matcher writes it: `true`, `12`, or the bare string.
    var matcherText: String? {
        switch self {
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .string(let value): return value
        case .null: return "null"
        case .other: return nil
        }
    }

    /// The value written back as JSON (strings quoted and escaped), for `{session}` in a cleanup body.
    var jsonText: String? {
        switch self {
        case .string(let value):
            guard let data = try? JSONEncoder().encode(value) else { return nil }
            return String(decoding: data, as: UTF8.self)
        case .other: return nil
        default: return matcherText
        }
    }

    /// The top-level members of `body`, or nil when it is not a JSON object.
    static func members(of body: [UInt8]) -> [String: ProbeJSONValue]? {
        try? JSONDecoder().decode([String: ProbeJSONValue].self, from: Data(body))
    }
}
