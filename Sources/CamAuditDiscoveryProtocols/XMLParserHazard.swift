/// What in a document would stop the whole process inside swift-corelibs-foundation's `XMLParser` instead of
/// failing the parse; both were found by the fuzz harnesses (Fuzz/Sources), and every `XMLParser` input is checked first.
public enum XMLParserHazard: Sendable, Hashable {
    /// A byte that starts no valid UTF-8 sequence. XMLParser force-unwraps names decoded as UTF-8, and libxml2 lets
    /// some invalid ones through: an overlong E0 92 inside an element name stopped the process (FuzzNmapXML).
    case notUTF8(offset: Int)
    /// `<?target?>`: a processing instruction whose target is followed directly by `?>`. libxml2 then hands XMLParser
    /// a null data pointer, which XMLParser passes to strlen (FuzzSADP: a SADP reply ending in `<?xm?>`).
    case processingInstructionWithoutData(offset: Int)

    /// Where in the document, in bytes from its start.
    public var offset: Int {
        switch self {
        case .notUTF8(let offset), .processingInstructionWithoutData(let offset): return offset
        }
    }

    /// Why the document is refused, for an error message.
    public var reason: String {
        switch self {
        case .notUTF8(let offset): return "byte \(offset + 1) is not UTF-8"
        case .processingInstructionWithoutData(let offset):
            return "byte \(offset + 1) starts a processing instruction without data, which the XML parser cannot read"
        }
    }

    /// The first hazard in `bytes`, or nil when the parser may read them. A `<?` inside a comment or CDATA section
    /// counts too: refusing such a document is safe, and discovery replies and nmap runs have none.
    public static func first(in bytes: some Collection<UInt8>) -> XMLParserHazard? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        scan: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: break scan
            case .error: return .notUTF8(offset: offset)
            }
        }
        let bytes = Array(bytes)
        var index = 0
        while index + 1 < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "?") else { continue }
            // The target runs to a blank or a `?`; a PI with data has a blank after it (libxml2, xmlParsePI).
            var end = index + 2
            while end < bytes.count, ![UInt8(ascii: " "), 0x09, 0x0A, 0x0D, UInt8(ascii: "?")].contains(bytes[end]) { end += 1 }
            if end + 1 < bytes.count, bytes[end] == UInt8(ascii: "?"), bytes[end + 1] == UInt8(ascii: ">") {
                return .processingInstructionWithoutData(offset: index)
            }
        }
        return nil
    }
}
