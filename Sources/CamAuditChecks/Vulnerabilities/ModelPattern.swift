import Foundation

/// A family's model regular expression, compiled once.
///
/// `NSRegularExpression` is immutable after creation and documented thread-safe, but not marked
/// `Sendable` by swift-corelibs-foundation; this box states that guarantee.
struct ModelPattern: @unchecked Sendable {
    let expression: NSRegularExpression

    /// Compiles the pattern case-insensitively (devices vary the case of model names); nil if it does not compile.
    init?(_ pattern: String) {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        self.expression = expression
    }

    func matches(_ model: String) -> Bool {
        let trimmed = model.trimmingCharacters(in: .whitespaces)
        return expression.firstMatch(in: trimmed, range: NSRange(trimmed.startIndex..<trimmed.endIndex, in: trimmed)) != nil
    }
}
