/// One Dahua DHIP frame: a 32-byte little-endian header, then a JSON body.
///
/// Header (mcw0/DahuaConsole@5f8f35b13437 net.py): LE32 0x20, ASCII `DHIP`, LE32 session, LE32 request id,
/// LE32 body length, LE32 0, LE32 body length, LE32 0. A reply may end in `\n\0` (Haicam/Haicam@307e0a3735f0
/// golang/discovery.go); that some firmware counts it in the length is a lab assumption, no public sample.
public struct DHIPFrame: Sendable, Hashable {
    public var session: UInt32
    public var requestID: UInt32
    /// The body exactly as framed, terminator included.
    public var body: [UInt8]

    public static let headerSize = 32
    public static let magic: [UInt8] = Array("DHIP".utf8)
    /// The largest body accepted; discovery and login replies are a few kilobytes.
    public static let maximumBodySize = DiscoveryDatagram.maximumSize

    public init(session: UInt32 = 0, requestID: UInt32 = 0, body: [UInt8]) {
        self.session = session
        self.requestID = requestID
        self.body = body
    }

    /// The frame on the wire.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize + body.count)
        func le32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        le32(UInt32(Self.headerSize))
        bytes += Self.magic
        le32(session)
        le32(requestID)
        le32(UInt32(body.count)); le32(0)
        le32(UInt32(body.count)); le32(0)
        bytes += body
        return bytes
    }

    /// The outcome of looking at the front of a byte buffer.
    public enum DecodeStep: Sendable, Hashable {
        /// A whole frame, and how many bytes it used.
        case frame(DHIPFrame, consumed: Int)
        /// The buffer holds the start of a frame; read more bytes and try again.
        case needMoreData
    }

    /// Decodes the frame at the front of `bytes`, or says more data is needed; never reads past a bad header.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(DiscoveryReplyError) -> DecodeStep {
        // Check the magic as soon as its bytes are present, so a wrong protocol fails fast on a stream.
        let base = bytes.startIndex
        let magicEnd = min(bytes.count, 8)
        if magicEnd > 4 {
            let seen = Array(bytes[(base + 4)..<(base + magicEnd)])
            guard seen == Array(magic.prefix(seen.count)) else { throw .wrongMagic(found: Array(bytes.prefix(8))) }
        }
        guard bytes.count >= headerSize else { return .needMoreData }
        func le32(_ offset: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[base + offset + $1]) << (8 * UInt32($1)) }
        }
        guard le32(0) == UInt32(headerSize) else { throw .wrongMagic(found: Array(bytes.prefix(8))) }
        let first = Int(le32(16)), second = Int(le32(24))
        guard first == second else { throw .lengthMismatch(first: first, second: second) }
        guard first <= maximumBodySize else { throw .frameTooLarge(declared: first, limit: maximumBodySize) }
        guard bytes.count >= headerSize + first else { return .needMoreData }
        let body = Array(bytes[(base + headerSize)..<(base + headerSize + first)])
        return .frame(DHIPFrame(session: le32(8), requestID: le32(12), body: body), consumed: headerSize + first)
    }

    /// Decodes one whole datagram; a short header or body is an error here, not a wait.
    public static func parseDatagram(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> DHIPFrame {
        try DiscoveryDatagram.checkSize(bytes.count)
        switch try decode(bytes[...]) {
        case .frame(let frame, _):
            return frame
        case .needMoreData:
            if bytes.count < headerSize { throw .truncatedHeader(available: bytes.count, required: headerSize) }
            let declared = (16..<20).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 16)) }
            throw .truncatedBody(declared: declared, available: bytes.count - headerSize)
        }
    }
}
