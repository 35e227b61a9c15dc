import Foundation
import CamAuditCore

/// The text of one data file, used to point diagnostics at the line of an entry.
///
/// Every entry's line is looked up when the catalog loads, so lookups are plain byte searches over the
/// file with the line starts counted once (a regular expression per entry made loading quadratic).
struct SourceText: Sendable {
    let path: String
    let text: String
    private let bytes: [UInt8]
    /// Byte offset of the start of each line; line N (1-based) starts at `lineStarts[N - 1]`.
    private let lineStarts: [Int]

    init(path: String, text: String) {
        self.path = path
        self.text = text
        let bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.bytes = bytes
        self.lineStarts = starts
    }

    /// Lines (1-based) of every `"key": "value"` pair in the file, in file order.
    ///
    /// Duplicate ids get one line each, so the second copy is reported at its own line.
    func lines(ofKey key: String, value: String) -> [Int] {
        let quotedKey = Array("\"\(key)\"".utf8)
        let quotedValue = Array("\"\(Self.jsonEscaped(value))\"".utf8)
        var result: [Int] = []
        var from = 0
        while let found = offset(of: quotedKey, from: from) {
            var cursor = skipSpace(from: found + quotedKey.count)
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") {
                cursor = skipSpace(from: cursor + 1)
                if cursor + quotedValue.count <= bytes.count, bytes[cursor..<(cursor + quotedValue.count)].elementsEqual(quotedValue) {
                    result.append(line(atByte: found))
                }
            }
            from = found + 1
        }
        return result
    }

    /// Line (1-based) of the first occurrence of `"key"`, or 1.
    func line(ofKey key: String) -> Int {
        offset(of: Array("\"\(key)\"".utf8), from: 0).map(line(atByte:)) ?? 1
    }

    private func line(atByte offset: Int) -> Int {
        // The number of line starts at or before the offset.
        var low = 0, high = lineStarts.count
        while low < high {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func skipSpace(from start: Int) -> Int {
        var cursor = start
        while cursor < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]) { cursor += 1 }
        return cursor
    }

    private func offset(of needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
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
        let data: Data
        do throws(BoundedFile.Failure) {
            data = try BoundedFile.read(url.path, maximumBytes: maximumSize)
        } catch .tooLarge {
            problem("the file is larger than \(maximumSize) bytes; a catalog file is a few kilobytes")
            return nil
        } catch {
            problem("cannot read the file; check that it exists and is readable")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problem("the file is not UTF-8 text")
            return nil
        }
        return (SourceText(path: url.path, text: text), data)
    }
}
