/// An SSDP message head: start line and headers (names compared case-insensitively).
///
/// SSDP is HTTP over UDP with no body that matters, so one type reads searches, answers and NOTIFYs.
public struct SSDPMessage: Sendable, Hashable {
    /// The first line, e.g. `HTTP/1.1 200 OK`, `NOTIFY * HTTP/1.1` or `M-SEARCH * HTTP/1.1`.
    public var startLine: String
    /// Headers in order, names as sent.
    public var headers: [(name: String, value: String)] { zip(names, values).map { ($0, $1) } }
    private var names: [String]
    private var values: [String]

    init(startLine: String, headers: [(String, String)]) {
        self.startLine = startLine
        names = headers.map(\.0)
        values = headers.map(\.1)
    }

    /// The first value of a header, whatever the case of its name.
    public subscript(name: String) -> String? {
        let wanted = name.lowercased()
        return names.firstIndex { $0.lowercased() == wanted }.map { values[$0] }
    }

    /// Reads the head of an SSDP datagram; a missing final empty line is tolerated only when the datagram ends after a header.
    public static func parse(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> SSDPMessage {
        try DiscoveryDatagram.checkSize(bytes.count)
        let text = try DiscoveryDatagram.text(bytes)
        // Devices use CRLF or bare LF. In Swift "\r\n" is one Character, so both separators are named.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        guard let first = lines.first, !first.isEmpty else { throw .badStartLine("") }
        lines.removeFirst()
        let upper = first.uppercased()
        guard upper.hasPrefix("HTTP/1.") || upper.hasSuffix(" HTTP/1.1") || upper.hasSuffix(" HTTP/1.0") else {
            throw .badStartLine(first)
        }
        var headers: [(String, String)] = []
        var terminated = false
        for line in lines {
            if line.isEmpty { terminated = true; break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingWhitespace
            let value = line[line.index(after: colon)...].trimmingWhitespace
            headers.append((name, value))
        }
        if !terminated && headers.isEmpty { throw .unterminatedHeaders }
        return SSDPMessage(startLine: first, headers: headers)
    }

    public static func == (lhs: SSDPMessage, rhs: SSDPMessage) -> Bool {
        lhs.startLine == rhs.startLine && lhs.names == rhs.names && lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(startLine); hasher.combine(names); hasher.combine(values)
    }
}

extension Substring {
    var trimmingWhitespace: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
