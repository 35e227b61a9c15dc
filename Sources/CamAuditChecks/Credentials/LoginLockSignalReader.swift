import CamAuditCatalog
import Foundation

/// Reads a device's answer for the lock signals of its vendor (`lockout-policies.json`).
public enum LoginLockSignalReader {
    /// What one answer says about the login lock.
    public struct Reading: Sendable, Equatable {
        /// True when the device says it is locked: nothing more may be sent.
        public var locked = false
        /// Attempts the device says are left before it locks (Hikvision `retryLoginTime`), when it says.
        public var attemptsLeft: Int?
        /// The marker seen, for evidence (`<lockStatus>lock</lockStatus>`, `error code 268632081`).
        public var marker: String?

        public init(locked: Bool = false, attemptsLeft: Int? = nil, marker: String? = nil) {
            self.locked = locked
            self.attemptsLeft = attemptsLeft
            self.marker = marker
        }
    }

    /// Only the start of an answer is read: lock documents are small.
    static let readLimit = 16 * 1024

    /// The reading of `text` (an answer body) against `signals`.
    public static func read(_ text: String, signals: [LockoutPolicy.Signal]) -> Reading {
        let text = String(text.prefix(readLimit))
        var reading = Reading()
        let lowered = text.lowercased()
        var codes: [Int]?
        for signal in signals {
            switch signal {
            case .xmlElement(let name, let value):
                if let found = elementText(name, in: text), found.lowercased() == value.lowercased() {
                    reading.locked = true
                    reading.marker = reading.marker ?? "<\(name)>\(found)</\(name)>"
                }
            case .attemptsLeft(let name):
                if let found = elementText(name, in: text), let left = Int(found) {
                    reading.attemptsLeft = left
                    if left <= 0 {
                        reading.locked = true
                        reading.marker = reading.marker ?? "<\(name)>\(found)</\(name)>"
                    }
                }
            case .jsonErrorCode(let code):
                if codes == nil { codes = jsonCodes(in: text) }
                if codes?.contains(code) == true {
                    reading.locked = true
                    reading.marker = reading.marker ?? "error code \(code)"
                }
            case .bodyText(let needle):
                if lowered.contains(needle.lowercased()) {
                    reading.locked = true
                    reading.marker = reading.marker ?? "\"\(needle)\""
                }
            }
        }
        return reading
    }

    /// The text of the first element with this local name (any prefix), trimmed.
    static func elementText(_ name: String, in xml: String) -> String? {
        guard
            let expression = try? NSRegularExpression(
                pattern: "<(?:[A-Za-z0-9_]+:)?\(NSRegularExpression.escapedPattern(for: name))(?:\\s[^>]*)?>([^<]{0,64})</", options: [])
        else { return nil }
        let range = NSRange(xml.startIndex..<xml.endIndex, in: xml)
        guard let match = expression.firstMatch(in: xml, range: range), let value = Range(match.range(at: 1), in: xml) else { return nil }
        return xml[value].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every number under a key named `code`, `rspCode` or `error_code`, at any depth of a JSON answer.
    static func jsonCodes(in text: String) -> [Int] {
        guard let start = text.firstIndex(where: { $0 == "{" || $0 == "[" }),
            let object = try? JSONSerialization.jsonObject(with: Data(text[start...].utf8), options: [.fragmentsAllowed])
        else { return [] }
        var codes: [Int] = []
        var stack: [Any] = [object]
        var visited = 0
        // Bounded walk: a hostile answer cannot make this loop long.
        while let next = stack.popLast(), visited < 10_000 {
            visited += 1
            if let dictionary = next as? [String: Any] {
                for (key, value) in dictionary {
                    if ["code", "rspcode", "error_code"].contains(key.lowercased()), let number = value as? NSNumber {
                        codes.append(number.intValue)
                    } else if value is [String: Any] || value is [Any] {
                        stack.append(value)
                    }
                }
            } else if let array = next as? [Any] {
                stack.append(contentsOf: array.prefix(1000))
            }
        }
        return codes
    }
}
