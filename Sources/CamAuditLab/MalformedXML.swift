import Foundation
import Synchronization

/// The broken XML documents a `malformed-xml` device sends: each is something an XML reader must survive in
/// bounded time and memory without expanding, recursing or buffering without limit.
///
/// Generated, not stored: the documents are hundreds of kilobytes of repetition. Each is cut to a byte budget (a
/// web answer stays under the 256 KiB a probe keeps; a UDP answer under one datagram) and cached per shape.
enum MalformedXML: String, Sendable, CaseIterable {
    /// A DOCTYPE whose nested entities expand to 10^9 copies of "lol" (the "billion laughs"), plus an external
    /// entity naming a local file (XXE); the element's text references both.
    case billionLaughs = "billion-laughs"
    /// The element opened thousands of times inside itself, then closed as often.
    case deepNesting = "deep-nesting"
    /// The element opened thousands of times and never closed.
    case unclosed
    /// The element with one attribute value filling the budget.
    case hugeAttribute = "huge-attribute"
    /// Bytes that are not UTF-8 in a tag name and in text (0xFF, an overlong '/', a UTF-16 surrogate, a stray
    /// continuation byte), ending in a cut multi-byte sequence.
    case invalidUTF8 = "invalid-utf8"

    /// The byte budget of a web answer: below the 256 KiB body a web probe keeps.
    static let webBudget = 240 * 1024
    /// The byte budget of a discovery answer: one UDP datagram on loopback with room to spare.
    static let datagramBudget = 60 * 1024

    /// How a document is wrapped: the text before and after the hostile part.
    struct Wrapper: Hashable, Sendable {
        var head: String
        var tail: String

        /// A SOAP 1.2 envelope with the ONVIF device and schema namespaces (the shape of an ONVIF answer).
        static let soap = Wrapper(
            head:
                #"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><env:Body>"#,
            tail: "</env:Body></env:Envelope>")
        /// A UPnP device description root.
        static let upnp = Wrapper(
            head: #"<root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion><device>"#,
            tail: "</device></root>")
        /// A Hikvision SADP answer root.
        static let sadp = Wrapper(head: "<ProbeMatch>", tail: "</ProbeMatch>")
    }

    private struct Key: Hashable {
        var shape: MalformedXML
        var element: String
        var wrapper: Wrapper
        var budget: Int
    }

    private static let cache = Mutex<[Key: [UInt8]]>([:])

    /// The document of this shape around `element` (a qualified name such as `tds:Manufacturer`), at most `budget` bytes.
    func document(element: String, wrapper: Wrapper = .soap, budget: Int = MalformedXML.webBudget) -> [UInt8] {
        let key = Key(shape: self, element: element, wrapper: wrapper, budget: budget)
        if let cached = Self.cache.withLock({ $0[key] }) { return cached }
        let built = build(element: element, wrapper: wrapper, budget: budget)
        Self.cache.withLock { $0[key] = built }
        return built
    }

    private func build(element: String, wrapper: Wrapper, budget: Int) -> [UInt8] {
        let declaration = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let open = "<\(element)>", close = "</\(element)>"
        // Room for the hostile part once the declaration, the wrapper and some slack are taken off.
        let room = max(0, budget - declaration.utf8.count - wrapper.head.utf8.count - wrapper.tail.utf8.count - 512)
        var body: [UInt8]
        var prolog = declaration
        switch self {
        case .billionLaughs:
            // The classic construction: lol1 holds ten lol, lol2 ten lol1, ... lol9 is 10^9 "lol"s (about 3 GB).
            var doctype = "<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
            for level in 1...9 {
                let previous = level == 1 ? "lol" : "lol\(level - 1)"
                doctype += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
            }
            doctype += "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
            prolog += doctype
            body = Array("\(open)&lol9;&xxe;\(close)".utf8)
        case .deepNesting:
            let depth = room / (open.utf8.count + close.utf8.count)
            body = Array((String(repeating: open, count: depth) + "x" + String(repeating: close, count: depth)).utf8)
        case .unclosed:
            body = Array(String(repeating: open, count: room / open.utf8.count).utf8)
        case .hugeAttribute:
            let start = "<\(element) value=\""
            let end = "\">x\(close)"
            let filler = max(0, room - start.utf8.count - end.utf8.count)
            body = Array(start.utf8) + [UInt8](repeating: UInt8(ascii: "A"), count: filler) + Array(end.utf8)
        case .invalidUTF8:
            let broken: [UInt8] = [0xFF, 0xFE, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x80, 0xF8, 0x88, 0x80, 0x80, 0x80]
            body =
                Array("<\(element)".utf8) + [0xFF] + Array(">".utf8) + broken + Array("\(close)<\(element)>".utf8) + broken
                + Array(close.utf8) + [0xE2, 0x82]
        }
        return Array(prolog.utf8) + Array(wrapper.head.utf8) + body + Array(wrapper.tail.utf8)
    }
}
