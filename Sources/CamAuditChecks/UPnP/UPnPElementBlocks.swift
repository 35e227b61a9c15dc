/// The inner XML of container elements (`<service>...</service>`) in a UPnP description.
///
/// `XMLElementTextExtractor` suits leaf elements; a container needs its closing tag matched exactly,
/// because `</service` is also the start of `</serviceType>` and `</serviceList>`. Bounded: at most
/// `limit` blocks, and an unclosed block ends the scan (a truncated document yields what was complete).
enum UPnPElementBlocks {
    static func blocks(named localName: String, in xml: String, limit: Int = 64) -> [String] {
        let bytes = Array(xml.utf8)
        let wanted = Array(localName.utf8)
        var results: [String] = []
        var index = 0
        while index < bytes.count, results.count < limit {
            guard let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) else { break }
            var nameEnd = open + 1
            while nameEnd < bytes.count, !isNameEnd(bytes[nameEnd]) { nameEnd += 1 }
            guard nameEnd < bytes.count, let tagEnd = bytes[nameEnd...].firstIndex(of: UInt8(ascii: ">")) else { break }
            index = tagEnd + 1
            let qualifiedName = Array(bytes[(open + 1)..<nameEnd])
            guard local(qualifiedName) == wanted, bytes[tagEnd - 1] != UInt8(ascii: "/") else { continue }
            guard let close = closingTag(qualifiedName, in: bytes, from: index) else { break }
            results.append(String(decoding: bytes[index..<close.start], as: UTF8.self))
            index = close.end
        }
        return results
    }

    /// The first `</name>` (whitespace allowed before `>`) at or after `from`.
    private static func closingTag(_ name: [UInt8], in bytes: [UInt8], from: Int) -> (start: Int, end: Int)? {
        let pattern = [UInt8(ascii: "<"), UInt8(ascii: "/")] + name
        var position = from
        while position + pattern.count <= bytes.count {
            guard let candidate = bytes[position...].firstIndex(of: UInt8(ascii: "<")), candidate + pattern.count <= bytes.count else {
                return nil
            }
            if Array(bytes[candidate..<(candidate + pattern.count)]) == pattern {
                var after = candidate + pattern.count
                while after < bytes.count, isSpace(bytes[after]) { after += 1 }
                if after < bytes.count, bytes[after] == UInt8(ascii: ">") { return (candidate, after + 1) }
            }
            position = candidate + 1
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    private static func isNameEnd(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    private static func local(_ qualifiedName: [UInt8]) -> [UInt8] {
        guard let colon = qualifiedName.lastIndex(of: UInt8(ascii: ":")) else { return qualifiedName }
        return Array(qualifiedName[(colon + 1)...])
    }
}
