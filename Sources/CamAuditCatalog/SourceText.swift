import Foundation

/// The text of one data file, used to point diagnostics at the line of an entry.
struct SourceText: Sendable {
    let path: String
    let text: String

    /// Lines (1-based) of every `"key": "value"` pair in the file, in file order.
    ///
    /// Duplicate ids get one line each, so the second copy is reported at its own line.
    func lines(ofKey key: String, value: String) -> [Int] {
        let escapedValue = NSRegularExpression.escapedPattern(for: Self.jsonEscaped(value))
        let pattern = "\"\(NSRegularExpression.escapedPattern(for: key))\"\\s*:\\s*\"\(escapedValue)\""
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.matches(in: text, range: range).compactMap { match in
            guard let swiftRange = Range(match.range, in: text) else { return nil }
            return line(at: swiftRange.lowerBound)
        }
    }

    /// Line (1-based) of the first occurrence of `"key"`, or 1.
    func line(ofKey key: String) -> Int {
        guard let range = text.range(of: "\"\(key)\"") else { return 1 }
        return line(at: range.lowerBound)
    }

    private func line(at index: String.Index) -> Int {
        text[..<index].reduce(into: 1) { count, character in
            if character == "\n" || character == "\r\n" { count += 1 }
        }
    }

    /// How the value is spelled inside a JSON string literal (the common escapes only).
    private static func jsonEscaped(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension SourceText {
    /// Reads a catalog file as UTF-8 text; when it cannot, hands `problem` the sentence for its
    /// diagnostic and returns nil.
    static func read(_ url: URL, maximumSize: Int = 1 << 20, problem: (String) -> Void) -> (source: SourceText, data: Data)? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            problem("cannot read the file; check that it exists and is readable")
            return nil
        }
        guard data.count <= maximumSize else {
            problem("the file is larger than \(maximumSize) bytes; a catalog file is a few kilobytes")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problem("the file is not UTF-8 text")
            return nil
        }
        return (SourceText(path: url.path, text: text), data)
    }
}
