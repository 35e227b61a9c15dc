import Foundation

/// A fingerprint's regular expression, compiled once when the catalog loads.
///
/// `NSRegularExpression` is immutable once created and Apple documents it as safe to use from
/// several threads at once, but swift-corelibs-foundation does not mark it `Sendable`; this box
/// states that guarantee so a catalog can be shared across tasks.
struct CompiledPattern: @unchecked Sendable {
    let expression: NSRegularExpression

    /// Compiles `pattern` with recog-style flags (`i`, `m`, `s`, `x`); the error text explains a failure.
    static func compile(_ pattern: String, flags: [String]) -> Result<CompiledPattern, PatternError> {
        var options: NSRegularExpression.Options = []
        for flag in flags {
            switch flag {
            case "i": options.insert(.caseInsensitive)
            case "m": options.insert(.anchorsMatchLines)
            case "s": options.insert(.dotMatchesLineSeparators)
            case "x": options.insert(.allowCommentsAndWhitespace)
            default: return .failure(PatternError(message: "unknown flag \"\(flag)\" (use i, m, s or x)"))
            }
        }
        do {
            return .success(CompiledPattern(expression: try NSRegularExpression(pattern: pattern, options: options)))
        } catch {
            return .failure(PatternError(message: "pattern does not compile as an ICU regular expression: \(pattern)"))
        }
    }

    /// The capture groups of the first match, or nil when the pattern does not match.
    func firstMatchGroups(in value: String) -> [String?]? {
        let range = NSRange(value.startIndex..<value.endIndex, in: value)
        guard let result = expression.firstMatch(in: value, options: [], range: range) else { return nil }
        return (0..<result.numberOfRanges).map { index in
            let groupRange = result.range(at: index)
            guard groupRange.location != NSNotFound, let swiftRange = Range(groupRange, in: value) else { return nil }
            return String(value[swiftRange])
        }
    }

    var numberOfCaptureGroups: Int { expression.numberOfCaptureGroups }
}

/// Why a pattern could not be compiled.
struct PatternError: Error, Sendable {
    let message: String
}
