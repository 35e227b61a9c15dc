/// A tolerant element-text extractor for SOAP and ISAPI answers.
///
/// Hand-written on purpose: Foundation's `XMLParser` is delegate-based and not `Sendable`-friendly, and
/// device XML is often not namespace-clean. Elements are matched by local name whatever their prefix
/// (`tds:Manufacturer`, `env:Body`, none); the text is entity-decoded and trimmed, CDATA unwrapped.
public enum XMLElementTextExtractor {
    /// Open tags of the wanted name whose closing tag is missing after which the search stops. Each miss reads
    /// the rest of the document, so a flood of unclosed tags would otherwise cost time quadratic in its size.
    static let maximumUnclosed = 8

    /// The text of every element with this local name, in document order, at most `limit` of them. An element
    /// nested inside one of the same name is not read again (its text is inside the outer one), so the texts
    /// together are never longer than the document.
    public static func texts(of localName: String, in xml: String, limit: Int = .max) -> [String] {
        let bytes = Array(xml.utf8)
        var results: [String] = []
        var unclosed = 0
        var index = 0
        while index < bytes.count, results.count < limit {
            guard let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) else { break }
            var nameEnd = open + 1
            while nameEnd < bytes.count, !isNameTerminator(bytes[nameEnd]) { nameEnd += 1 }
            let qualifiedName = String(decoding: bytes[(open + 1)..<nameEnd], as: UTF8.self)
            guard let tagEnd = bytes[nameEnd...].firstIndex(of: UInt8(ascii: ">")) else { break }
            index = tagEnd + 1
            guard let first = qualifiedName.first, first != "/", first != "?", first != "!" else { continue }
            guard local(qualifiedName) == localName, bytes[tagEnd - 1] != UInt8(ascii: "/") else { continue }
            let closing = "</" + qualifiedName
            guard let close = ASCIIBytes.firstRange(of: closing, in: bytes, from: index) else {
                unclosed += 1
                if unclosed >= maximumUnclosed { break }
                continue
            }
            var text = String(decoding: bytes[index..<close.lowerBound], as: UTF8.self)
            index = close.upperBound
            if text.hasPrefix("<![CDATA["), text.hasSuffix("]]>") {
                text = String(text.dropFirst(9).dropLast(3))
            }
            results.append(HTMLEntities.decode(text).trimmingCharactersInWhitespace())
        }
        return results
    }

    /// The text of the first element with this local name.
    public static func text(of localName: String, in xml: String) -> String? {
        texts(of: localName, in: xml, limit: 1).first
    }

    private static func isNameTerminator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\n")
    }

    private static func local(_ qualifiedName: String) -> String {
        var name = Substring(qualifiedName)
        if name.hasSuffix("/") { name = name.dropLast() }
        if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
        return String(name)
    }
}

extension String {
    func trimmingCharactersInWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
