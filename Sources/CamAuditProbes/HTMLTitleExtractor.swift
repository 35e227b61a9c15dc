/// Pulls the `<title>` text out of an HTML page: trimmed, whitespace collapsed, basic entities decoded.
public enum HTMLTitleExtractor {
    /// The title text, or nil when the page has no `<title>` element.
    public static func title(in html: String) -> String? {
        // Work on UTF-8 bytes: the delimiters are ASCII, so slicing between them keeps text intact.
        let bytes = Array(html.utf8)
        var searchStart = 0
        while let open = ASCIIBytes.firstRange(of: "<title", in: bytes, from: searchStart) {
            let afterName = open.upperBound
            guard afterName < bytes.count else { return nil }
            guard
                [UInt8(ascii: ">"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(
                    bytes[afterName])
            else {
                searchStart = afterName  // `<titlebar>` and the like
                continue
            }
            guard let tagEnd = bytes[afterName...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
            let contentStart = tagEnd + 1
            let contentEnd = ASCIIBytes.firstRange(of: "</title", in: bytes, from: contentStart)?.lowerBound ?? bytes.count
            let raw = String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self)
            return HTMLEntities.decode(raw).collapsingWhitespace()
        }
        return nil
    }
}

/// Case-insensitive ASCII searching in byte arrays.
enum ASCIIBytes {
    static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// The first range where `needle` (ASCII, compared case-insensitively) occurs at or after `from`.
    static func firstRange(of needle: String, in bytes: [UInt8], from: Int) -> Range<Int>? {
        let pattern = Array(needle.utf8).map(lower)
        guard !pattern.isEmpty, bytes.count >= pattern.count, from <= bytes.count - pattern.count else { return nil }
        var index = max(0, from)
        while index <= bytes.count - pattern.count {
            var matched = true
            for offset in 0..<pattern.count where lower(bytes[index + offset]) != pattern[offset] {
                matched = false
                break
            }
            if matched { return index..<(index + pattern.count) }
            index += 1
        }
        return nil
    }
}

extension String {
    /// Collapses runs of whitespace to one space and trims the ends.
    func collapsingWhitespace() -> String {
        split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
