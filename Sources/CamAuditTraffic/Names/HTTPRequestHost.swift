/// Reads the `Host` header of a plain HTTP/1.x request from a client stream's first bytes
/// (RFC 9112 §3 request line, RFC 9110 §7.2 Host). Cameras often talk to their clouds this way.
public enum HTTPRequestHost {
    /// Request line plus headers read before giving up; real requests to clouds fit easily.
    static let maximumHeaderBytes = 8 * 1024
    /// Longest method token accepted (the registered methods are at most 17 characters).
    static let maximumMethodLength = 20

    /// The Host header's name (port stripped, lowercased) in an HTTP/1.x request, or why there is none yet.
    public static func search(in bytes: UnsafeRawBufferPointer) -> ServerNameSearch {
        let limit = min(bytes.count, maximumHeaderBytes)
        let waitOrGiveUp: ServerNameSearch = bytes.count >= maximumHeaderBytes ? .absent : .needMoreBytes
        // Method: upper-case token, then one space.
        var cursor = 0
        while cursor < limit, isMethodCharacter(bytes[cursor]) {
            cursor += 1
            guard cursor <= maximumMethodLength else { return .absent }
        }
        guard cursor < limit else { return waitOrGiveUp }
        guard cursor > 0, bytes[cursor] == UInt8(ascii: " ") else { return .absent }
        cursor += 1
        // Request target: visible ASCII up to the next space.
        let targetStart = cursor
        while cursor < limit, bytes[cursor] != UInt8(ascii: " ") {
            guard bytes[cursor] > 0x20, bytes[cursor] < 0x7F else { return .absent }
            cursor += 1
        }
        guard cursor < limit else { return waitOrGiveUp }
        guard cursor > targetStart else { return .absent }
        cursor += 1
        // "HTTP/1." and a digit, then CRLF (a bare LF is tolerated, RFC 9112 §2.2).
        for expected in Array("HTTP/1.".utf8) {
            guard cursor < limit else { return waitOrGiveUp }
            guard bytes[cursor] == expected else { return .absent }
            cursor += 1
        }
        guard cursor < limit else { return waitOrGiveUp }
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[cursor]) else { return .absent }
        cursor += 1
        guard let lineEnd = endOfLine(bytes, from: cursor, limit: limit) else { return waitOrGiveUp }
        guard lineEnd.contentEnd == cursor else { return .absent }
        cursor = lineEnd.next
        // Header fields, one per line, until the empty line.
        while true {
            guard let line = endOfLine(bytes, from: cursor, limit: limit) else { return waitOrGiveUp }
            if line.contentEnd == cursor { return .absent }  // end of headers and no Host
            if let value = hostValue(bytes, from: cursor, to: line.contentEnd) {
                return hostName(fromHeaderValue: value).map(ServerNameSearch.found) ?? .absent
            }
            cursor = line.next
        }
    }

    /// Looks for the Host header in a client stream held in an array.
    public static func search(in bytes: [UInt8]) -> ServerNameSearch {
        bytes.withUnsafeBytes { search(in: $0) }
    }

    private static func isMethodCharacter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "-")
    }

    /// Where the line starting at `start` ends (before CR LF or LF) and where the next one begins.
    private static func endOfLine(_ bytes: UnsafeRawBufferPointer, from start: Int, limit: Int) -> (contentEnd: Int, next: Int)? {
        var cursor = start
        while cursor < limit {
            if bytes[cursor] == UInt8(ascii: "\n") {
                let contentEnd = cursor > start && bytes[cursor - 1] == UInt8(ascii: "\r") ? cursor - 1 : cursor
                return (contentEnd, cursor + 1)
            }
            cursor += 1
        }
        return nil
    }

    /// The value of a `Host:` field line (name matched case-insensitively, RFC 9110 §5.1), trimmed.
    private static func hostValue(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> ArraySlice<UInt8>? {
        let name = Array("host:".utf8)
        guard end - start >= name.count else { return nil }
        for (offset, expected) in name.enumerated() where bytes[start + offset] | 0x20 != expected {
            return nil
        }
        var value = Array(bytes[(start + name.count)..<end])[...]
        while let first = value.first, first == 0x20 || first == 0x09 { value.removeFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value.removeLast() }
        return value
    }

    /// `host[:port]` to the host name; an IP literal or anything not a DNS name gives nil.
    static func hostName(fromHeaderValue value: ArraySlice<UInt8>) -> String? {
        guard value.first != UInt8(ascii: "[") else { return nil }  // IPv6 literal, RFC 3986 §3.2.2
        var host = value
        if let colon = value.lastIndex(of: UInt8(ascii: ":")) {
            let port = value[(colon + 1)...]
            guard (1...5).contains(port.count), port.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { return nil }
            host = value[..<colon]
        }
        return ServerNameSearch.validatedHostName(host)
    }
}
