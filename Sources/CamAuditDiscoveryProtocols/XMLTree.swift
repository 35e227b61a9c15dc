import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small element tree of a discovery reply, keyed by local names.
///
/// Devices pick their own namespace prefixes (`d:`, `wsdd:`, `dn:`, none), so elements are named by
/// the part after the colon. `XMLParser` is used only inside `parse` and never escapes it, which keeps
/// the tree a plain `Sendable` value.
struct XMLTree: Sendable, Hashable {
    var name: String
    var text: String
    var children: [XMLTree]

    /// Deepest nesting accepted; discovery replies are five or six levels deep.
    static let maximumDepth = 32

    static func parse(_ text: String) throws(DiscoveryReplyError) -> XMLTree {
        if let hazard = XMLParserHazard.first(in: text.utf8) { throw .notXML(reason: hazard.reason) }
        let builder = Builder()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let failure = builder.failure { throw failure }
        guard ok, let root = builder.root else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            throw .notXML(reason: reason)
        }
        return root
    }

    /// The first element with this local name, searching depth-first (self included).
    func first(_ localName: String) -> XMLTree? {
        if name == localName { return self }
        for child in children {
            if let found = child.first(localName) { return found }
        }
        return nil
    }

    /// Every element with this local name, depth-first (self included).
    func all(_ localName: String) -> [XMLTree] {
        var found: [XMLTree] = name == localName ? [self] : []
        for child in children { found += child.all(localName) }
        return found
    }

    /// The trimmed text of the first child element with this local name.
    func childText(_ localName: String) -> String? {
        children.first { $0.name == localName }?.text
    }

    static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLTree] = []
        var root: XMLTree?
        var failure: DiscoveryReplyError?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            guard stack.count < XMLTree.maximumDepth else {
                failure = .notXML(reason: "nested deeper than \(XMLTree.maximumDepth) elements")
                parser.abortParsing()
                return
            }
            stack.append(XMLTree(name: XMLTree.localName(elementName), text: "", children: []))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard !stack.isEmpty, let string = String(data: CDATABlock, encoding: .utf8) else { return }
            stack[stack.count - 1].text += string
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            guard var done = stack.popLast() else { return }
            done.text = done.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if stack.isEmpty {
                root = done
            } else {
                stack[stack.count - 1].children.append(done)
            }
        }
    }
}
