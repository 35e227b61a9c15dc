/// Reads the server name (SNI) a TLS client asks for from the first bytes it sends. Only what one
/// segment holds is parsed: a ClientHello cut before the extension gives nil, never a guess.
public enum TLSClientHello {
    /// The SNI host name in a TLS record holding a ClientHello, lowercased; nil if absent or cut.
    public static func serverName(in bytes: UnsafeRawBufferPointer) -> String? {
        let reader = FrameReader(bytes: bytes)
        // Record: type 22 (handshake), version 3.x, length; then handshake type 1 (ClientHello).
        guard reader.u8(at: 0) == 22, reader.u8(at: 1) == 3, reader.u8(at: 5) == 1 else { return nil }
        // handshake header(4) + client version(2) + random(32)
        var cursor = 5 + 4 + 2 + 32
        guard let sessionLength = reader.u8(at: cursor) else { return nil }
        cursor += 1 + Int(sessionLength)
        guard let suitesLength = reader.u16(at: cursor) else { return nil }
        cursor += 2 + Int(suitesLength)
        guard let compressionLength = reader.u8(at: cursor) else { return nil }
        cursor += 1 + Int(compressionLength)
        guard let extensionsLength = reader.u16(at: cursor) else { return nil }
        cursor += 2
        let extensionsEnd = min(cursor + Int(extensionsLength), reader.count)
        while cursor + 4 <= extensionsEnd {
            guard let type = reader.u16(at: cursor), let length = reader.u16(at: cursor + 2) else { return nil }
            let body = cursor + 4
            if type == 0 {
                // server_name: list length(2), then entries of type(1) length(2) name.
                guard reader.u8(at: body + 2) == 0, let nameLength = reader.u16(at: body + 3), nameLength > 0
                else { return nil }
                let start = body + 5
                let end = start + Int(nameLength)
                guard end <= reader.count else { return nil }
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                // Host names are printable ASCII; anything else is not a name worth reporting.
                guard raw.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
                return String(decoding: raw, as: UTF8.self).lowercased()
            }
            cursor = body + Int(length)
        }
        return nil
    }

    /// The SNI host name in a ClientHello held in an array.
    public static func serverName(in bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { serverName(in: $0) }
    }
}
