/// Reads the server name (SNI, RFC 6066 §3) a TLS client asks for from the first bytes it sends.
/// The search tells a name apart from "wait for more bytes" and "no name will come", so the flow's
/// reassembly knows when to stop; a ClientHello split across several records is joined first.
public enum TLSClientHello {
    /// TLSPlaintext.length is at most 2^14 (RFC 8446 §5.1); a little slack for old stacks.
    static let maximumRecordLength = 16_384 + 2_048

    /// The SNI host name in a TLS record holding a ClientHello, lowercased; nil if absent or cut.
    public static func serverName(in bytes: UnsafeRawBufferPointer) -> String? {
        search(in: bytes).name
    }

    /// The SNI host name in a ClientHello held in an array.
    public static func serverName(in bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { serverName(in: $0) }
    }

    /// Looks for the SNI in a TLS client stream's first bytes (records, RFC 8446 §5.1).
    public static func search(in bytes: UnsafeRawBufferPointer) -> ServerNameSearch {
        let reader = FrameReader(bytes: bytes)
        var handshake: [UInt8] = []
        var cursor = 0
        while true {
            guard let type = reader.u8(at: cursor) else { break }
            // Content type 22 is handshake; anything else before the ClientHello ends means no SNI.
            guard type == 22 else { return .absent }
            guard let major = reader.u8(at: cursor + 1) else { break }
            guard major == 3 else { return .absent }
            guard let length = reader.u16(at: cursor + 3) else { break }
            guard length > 0, Int(length) <= maximumRecordLength else { return .absent }
            let body = cursor + 5
            let recordEnd = body + Int(length)
            handshake.append(contentsOf: bytes[body..<min(recordEnd, bytes.count)])
            guard recordEnd <= bytes.count else { break }
            cursor = recordEnd
            if let messageLength = handshakeMessageLength(handshake), handshake.count >= messageLength { break }
        }
        return handshake.withUnsafeBytes { searchHandshake(in: $0) }
    }

    /// Looks for the SNI in a client stream held in an array.
    public static func search(in bytes: [UInt8]) -> ServerNameSearch {
        bytes.withUnsafeBytes { search(in: $0) }
    }

    /// Looks for the SNI in handshake messages without the record layer, as QUIC's CRYPTO frames
    /// carry them (RFC 9001 §4). The first message must be a ClientHello (RFC 8446 §4.1.2).
    static func searchHandshake(in bytes: UnsafeRawBufferPointer) -> ServerNameSearch {
        let reader = FrameReader(bytes: bytes)
        guard let type = reader.u8(at: 0) else { return .needMoreBytes }
        guard type == 1 else { return .absent }
        guard let end = handshakeMessageLength(bytes) else { return .needMoreBytes }
        // A field running past the message is malformed; past the bytes so far, worth waiting for.
        func stop(before needed: Int) -> ServerNameSearch? {
            if needed > end { return .absent }
            if needed > reader.count { return .needMoreBytes }
            return nil
        }
        // handshake header(4) + legacy_version(2) + random(32), then the session id's length.
        var cursor = 4 + 2 + 32
        if let stop = stop(before: cursor + 1) { return stop }
        cursor += 1 + Int(reader.u8(at: cursor) ?? 0)
        if let stop = stop(before: cursor + 2) { return stop }
        cursor += 2 + Int(reader.u16(at: cursor) ?? 0)
        if let stop = stop(before: cursor + 1) { return stop }
        cursor += 1 + Int(reader.u8(at: cursor) ?? 0)
        if let stop = stop(before: cursor + 2) { return stop }
        let extensionsEnd = cursor + 2 + Int(reader.u16(at: cursor) ?? 0)
        guard extensionsEnd <= end else { return .absent }
        cursor += 2
        while cursor < extensionsEnd {
            if let stop = stop(before: cursor + 4) { return stop }
            let type = reader.u16(at: cursor) ?? 0
            let body = cursor + 4
            let bodyEnd = body + Int(reader.u16(at: cursor + 2) ?? 0)
            guard bodyEnd <= extensionsEnd else { return .absent }
            if type == 0 {
                if let stop = stop(before: bodyEnd) { return stop }
                return hostName(inServerNameExtension: reader, from: body, to: bodyEnd)
            }
            cursor = bodyEnd
        }
        return .absent
    }

    /// The host_name entry of a server_name extension body: list length(2), then type(1) length(2) name.
    private static func hostName(inServerNameExtension reader: FrameReader, from start: Int, to end: Int) -> ServerNameSearch {
        guard let listLength = reader.u16(at: start), start + 2 + Int(listLength) <= end else { return .absent }
        var cursor = start + 2
        let listEnd = cursor + Int(listLength)
        while cursor + 3 <= listEnd {
            guard let nameType = reader.u8(at: cursor), let nameLength = reader.u16(at: cursor + 1) else { return .absent }
            let nameStart = cursor + 3
            let nameEnd = nameStart + Int(nameLength)
            guard nameEnd <= listEnd else { return .absent }
            if nameType == 0 {
                let raw = UnsafeRawBufferPointer(rebasing: reader.bytes[nameStart..<nameEnd])
                return ServerNameSearch.validatedHostName(raw).map(ServerNameSearch.found) ?? .absent
            }
            cursor = nameEnd
        }
        return .absent
    }

    /// The whole handshake message's length (header included), once its 4-byte header has arrived.
    private static func handshakeMessageLength(_ bytes: some RandomAccessCollection<UInt8>) -> Int? {
        guard bytes.count >= 4 else { return nil }
        let start = bytes.startIndex
        let length =
            Int(bytes[bytes.index(start, offsetBy: 1)]) << 16 | Int(bytes[bytes.index(start, offsetBy: 2)]) << 8
            | Int(bytes[bytes.index(start, offsetBy: 3)])
        return 4 + length
    }
}
