/// Why a discovery datagram or frame could not be read.
///
/// A device that answers with garbage is data, not a crash: every parser in this folder throws one of
/// these instead of trapping, so a scan can record the problem and move on.
public enum DiscoveryReplyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The datagram is bigger than any discovery reply should be; it was refused unread. Treat the sender as suspicious.
    case datagramTooLarge(size: Int, limit: Int)
    /// The data ends before a full header; wait for more bytes on a stream, or drop the datagram.
    case truncatedHeader(available: Int, required: Int)
    /// The frame does not start with the expected magic; this is not the protocol that was asked for.
    case wrongMagic(found: [UInt8])
    /// The header declares a body longer than the bytes that arrived; the datagram was cut short.
    case truncatedBody(declared: Int, available: Int)
    /// The header declares a body larger than the frame limit; the peer is broken or hostile, so close the connection.
    case frameTooLarge(declared: Int, limit: Int)
    /// The two copies of the body length in the header disagree; the frame is corrupt.
    case lengthMismatch(first: Int, second: Int)
    /// The body is not well-formed XML; the device may speak another protocol on this port.
    case notXML(reason: String)
    /// The XML parsed but lacks a required element, e.g. a WS-Discovery reply without `ProbeMatch`.
    case missingElement(String)
    /// The body is not a JSON object; the device may speak another protocol on this port.
    case notJSON(reason: String)
    /// The JSON parsed but lacks a required member, e.g. a DHDiscover reply without `deviceInfo`.
    case missingMember(String)
    /// The text is not UTF-8 (or ASCII) where the protocol requires it.
    case notText
    /// The first line is not an HTTP-style start line that this protocol uses (`HTTP/1.1 200 OK`, `NOTIFY * HTTP/1.1`, `M-SEARCH * HTTP/1.1`).
    case badStartLine(String)
    /// The header block never ends with an empty line; the message was cut short.
    case unterminatedHeaders
    /// A DNS name breaks RFC 1035 §3.1/§4.1.4 (label over 63 bytes, name over 255, reserved label type, pointer past the end); the mDNS reply is corrupt or hostile.
    case invalidDNSName(String)
    /// DNS name compression pointers loop or chain too deep; the mDNS reply is hostile, so drop it.
    case compressionLoop(hops: Int)
    /// The DNS header declares more questions or records than a discovery reply carries; the reply was refused unread.
    case tooManyRecords(declared: Int, limit: Int)
    /// A DNS record's data does not fit its declared length or type (e.g. an A record that is not 4 bytes); the reply is corrupt.
    case invalidRecord(String)

    public var description: String {
        switch self {
        case .datagramTooLarge(let size, let limit):
            return "The datagram is \(size) bytes, over the \(limit)-byte limit for discovery replies; it was ignored."
        case .truncatedHeader(let available, let required):
            return "Only \(available) of the \(required) header bytes arrived; the reply is incomplete."
        case .wrongMagic(let found):
            return
                "The frame starts with \(found.map { String($0, radix: 16) }.joined(separator: " ")) instead of the protocol's magic; this port speaks something else."
        case .truncatedBody(let declared, let available):
            return "The header announces \(declared) body bytes but only \(available) arrived; the reply is incomplete."
        case .frameTooLarge(let declared, let limit):
            return "The header announces \(declared) body bytes, over the \(limit)-byte limit; the peer is broken or hostile."
        case .lengthMismatch(let first, let second):
            return "The header's two body lengths disagree (\(first) and \(second)); the frame is corrupt."
        case .notXML(let reason):
            return "The reply is not well-formed XML (\(reason)); this port may speak another protocol."
        case .missingElement(let name):
            return "The XML reply has no <\(name)> element, so it is not the expected answer."
        case .notJSON(let reason):
            return "The reply is not a JSON object (\(reason)); this port may speak another protocol."
        case .missingMember(let name):
            return "The JSON reply has no \"\(name)\" member, so it is not the expected answer."
        case .notText:
            return "The reply is not UTF-8 text where the protocol requires it."
        case .badStartLine(let line):
            return "The first line \"\(line.prefix(80))\" is not one this protocol uses."
        case .unterminatedHeaders:
            return "The header block never ends with an empty line; the message was cut short."
        case .invalidDNSName(let reason):
            return "A DNS name in the reply is invalid (\(reason)); the mDNS reply was ignored."
        case .compressionLoop(let hops):
            return "DNS name compression pointers loop or chain \(hops) deep; the mDNS reply is hostile and was ignored."
        case .tooManyRecords(let declared, let limit):
            return "The DNS header declares \(declared) entries, over the \(limit) a discovery reply may carry; it was ignored."
        case .invalidRecord(let reason):
            return "A DNS record in the reply is invalid (\(reason)); the mDNS reply was ignored."
        }
    }
}
