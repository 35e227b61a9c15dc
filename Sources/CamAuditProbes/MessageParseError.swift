/// Why a device's answer could not be read as the expected message.
public enum MessageParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first bytes are not an `HTTP/` or `RTSP/` status line; the port speaks another protocol.
    case notHTTPOrRTSP
    /// The status line has no numeric status code; the answer is not usable as HTTP.
    case malformedStatusLine(String)
    /// The header block is larger than the configured limit (bytes); raise `maxHeaderBytes` to read it.
    case headerTooLarge(limit: Int)
    /// `Content-Length` is negative or not a number; the body length cannot be trusted.
    case invalidContentLength(String)
    /// A chunk-size line of a chunked body is not hexadecimal or is absurdly large.
    case invalidChunkSize(String)
    /// The connection closed before the header block was complete.
    case truncatedHeader

    public var description: String {
        switch self {
        case .notHTTPOrRTSP: return "answer is not HTTP or RTSP"
        case .malformedStatusLine(let line): return "malformed status line \"\(line.prefix(64))\""
        case .headerTooLarge(let limit): return "header larger than \(ByteCountText.describe(limit)), cut"
        case .invalidContentLength(let value): return "invalid Content-Length \"\(value.prefix(32))\""
        case .invalidChunkSize(let value): return "invalid chunk size \"\(value.prefix(32))\""
        case .truncatedHeader: return "connection closed inside the header"
        }
    }
}

/// Human-readable byte counts for notes ("64 KiB").
enum ByteCountText {
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024, bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }
}
