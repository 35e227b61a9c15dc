/// Incremental, tolerant parser for one HTTP/1.x or RTSP/1.0 response.
///
/// Real cameras bend the rules, so this accepts bare `\n` line ends, header names in any case,
/// duplicate headers, folded lines, missing reason phrases, HTTP/1.0 bodies that run to the close,
/// and chunked bodies. Sizes are capped: the header block at `maxHeaderBytes` (an error), the body at
/// `maxBodyBytes` (cut, `isBodyTruncated`).
public struct HTTPResponseParser: IncrementalDecoder {
    public typealias Message = HTTPResponse

    enum BodyFraming: Sendable, Equatable {
        case none
        case length(Int)
        case chunked
        case untilClose
    }

    enum State: Sendable, Equatable {
        case statusLine
        case headers
        case body(BodyFraming)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case done
    }

    public let maxHeaderBytes: Int
    public let maxBodyBytes: Int
    /// When false (RTSP), a response without `Content-Length` has no body instead of reading to close.
    public let readsBodyUntilCloseWithoutLength: Bool

    private var buffer: [UInt8] = []
    private var position = 0
    private var headerBytesSeen = 0
    private var state: State = .statusLine
    private var version = ""
    private var status = 0
    private var reason = ""
    private var headers: [HTTPResponse.Header] = []
    private var body: [UInt8] = []
    private var isBodyTruncated = false

    public init(maxHeaderBytes: Int = 64 * 1024, maxBodyBytes: Int = 256 * 1024, readsBodyUntilCloseWithoutLength: Bool = true) {
        self.maxHeaderBytes = max(64, maxHeaderBytes)
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.readsBodyUntilCloseWithoutLength = readsBodyUntilCloseWithoutLength
    }

    public mutating func feed(_ bytes: ArraySlice<UInt8>) throws(MessageParseError) -> DecodeStep<HTTPResponse> {
        if state == .done { return .complete(message) }
        buffer.append(contentsOf: bytes)
        defer { compact() }
        while true {
            switch state {
            case .statusLine:
                try rejectNonHTTPPrefix()
                guard let line = try nextLine(countsAsHeader: true) else { return .needMoreData }
                if line.isEmpty { continue }  // tolerate blank lines before the status line
                try parseStatusLine(line)
                state = .headers
            case .headers:
                guard let line = try nextLine(countsAsHeader: true) else { return .needMoreData }
                if line.isEmpty {
                    state = .body(try bodyFraming())
                    if case .body(.none) = state { state = .done }
                    if case .body(.length(0)) = state { state = .done }
                    if case .body(.chunked) = state { state = .chunkSize }
                    continue
                }
                appendHeaderLine(line)
            case .body(let framing):
                switch framing {
                case .length(let remaining):
                    let taken = takeBody(upTo: remaining)
                    let left = remaining - taken
                    if left == 0 || isBodyTruncated { state = .done } else { state = .body(.length(left)); return .needMoreData }
                case .untilClose:
                    _ = takeBody(upTo: Int.max)
                    if isBodyTruncated { state = .done } else { return .needMoreData }
                case .none, .chunked:
                    state = .done
                }
            case .chunkSize:
                guard let line = try nextLine(countsAsHeader: false) else { return .needMoreData }
                if line.isEmpty { continue }  // the CRLF after a chunk, when a device doubles it
                let size = try parseChunkSize(line)
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let taken = takeBody(upTo: remaining)
                if isBodyTruncated { state = .done; continue }
                if taken < remaining { state = .chunkData(remaining: remaining - taken); return .needMoreData }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard let line = try nextLine(countsAsHeader: false) else { return .needMoreData }
                if !line.isEmpty {
                    // Data after the chunk without CRLF: treat the line as the next size line.
                    let size = try parseChunkSize(line)
                    state = size == 0 ? .trailers : .chunkData(remaining: size)
                } else {
                    state = .chunkSize
                }
            case .trailers:
                guard let line = try nextLine(countsAsHeader: false) else { return .needMoreData }
                if line.isEmpty { state = .done }
            case .done:
                return .complete(message)
            }
        }
    }

    public mutating func finish() throws(MessageParseError) -> HTTPResponse {
        switch state {
        case .statusLine, .headers:
            throw .truncatedHeader
        case .body(.untilClose), .done:
            return message
        default:
            // Closed inside a declared body: keep what arrived, say it was cut.
            isBodyTruncated = true
            state = .done
            return message
        }
    }

    /// The bytes that arrived after the complete response (pipelined or garbage).
    public var unconsumedByteCount: Int { buffer.count - position }

    private var message: HTTPResponse {
        HTTPResponse(version: version, status: status, reason: reason, headers: headers, body: body, isBodyTruncated: isBodyTruncated)
    }

    // MARK: - Pieces

    /// Fails fast on binary answers instead of waiting for a line end that never comes.
    private func rejectNonHTTPPrefix() throws(MessageParseError) {
        var index = position
        while index < buffer.count, buffer[index] == UInt8(ascii: "\r") || buffer[index] == UInt8(ascii: "\n") { index += 1 }
        let available = buffer[index...].prefix(5)
        guard !available.isEmpty else { return }
        let upper = available.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }
        let http = Array("HTTP/".utf8).prefix(upper.count)
        let rtsp = Array("RTSP/".utf8).prefix(upper.count)
        if !upper.elementsEqual(http) && !upper.elementsEqual(rtsp) { throw .notHTTPOrRTSP }
    }

    /// The next line without its `\r\n` or `\n`, or nil when no full line has arrived yet.
    private mutating func nextLine(countsAsHeader: Bool) throws(MessageParseError) -> String? {
        guard let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) else {
            let pending = buffer.count - position
            if countsAsHeader, headerBytesSeen + pending > maxHeaderBytes { throw .headerTooLarge(limit: maxHeaderBytes) }
            if !countsAsHeader, pending > 4096 {
                throw .invalidChunkSize(String(decoding: buffer[position..<position + 32], as: UTF8.self))
            }
            return nil
        }
        let lineLength = newline - position + 1
        if countsAsHeader {
            headerBytesSeen += lineLength
            if headerBytesSeen > maxHeaderBytes { throw .headerTooLarge(limit: maxHeaderBytes) }
        }
        var end = newline
        if end > position, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = String(decoding: buffer[position..<end], as: UTF8.self)
        position = newline + 1
        return line
    }

    private mutating func parseStatusLine(_ line: String) throws(MessageParseError) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, let code = Int(parts[1]), (100...999).contains(code) else {
            throw .malformedStatusLine(line)
        }
        version = String(parts[0])
        status = code
        reason = parts.count > 2 ? String(parts[2]).trimmingSpaces() : ""
    }

    private mutating func appendHeaderLine(_ line: String) {
        if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            headers[headers.count - 1].value += " " + line.trimmingSpaces()  // obsolete line folding
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }  // not a header; ignore it
        let name = String(line[..<colon]).trimmingSpaces()
        guard !name.isEmpty else { return }
        let value = String(line[line.index(after: colon)...]).trimmingSpaces()
        headers.append(HTTPResponse.Header(name: name, value: value))
    }

    private func bodyFraming() throws(MessageParseError) -> BodyFraming {
        if (100..<200).contains(status) || status == 204 || status == 304 { return .none }
        let response = message
        if !response.isRTSP, let encoding = response.value(of: "Transfer-Encoding"), encoding.lowercased().contains("chunked") {
            return .chunked
        }
        let lengths = response.values(of: "Content-Length")
        if let first = lengths.first {
            guard let length = Int(first.trimmingSpaces()), length >= 0 else { throw .invalidContentLength(first) }
            // Conflicting duplicates are a smuggling-style ambiguity; trust none and read to close.
            if lengths.contains(where: { Int($0.trimmingSpaces()) != length }) {
                return readsBodyUntilCloseWithoutLength && !response.isRTSP ? .untilClose : .none
            }
            return .length(length)
        }
        return readsBodyUntilCloseWithoutLength && !response.isRTSP ? .untilClose : .none
    }

    private func parseChunkSize(_ line: String) throws(MessageParseError) -> Int {
        let digits = line.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingSpaces() } ?? ""
        guard !digits.isEmpty, digits.count <= 15, let size = Int(digits, radix: 16), size >= 0 else {
            throw .invalidChunkSize(line)
        }
        return size
    }

    /// Moves up to `limit` buffered bytes into the body, cutting at `maxBodyBytes`.
    private mutating func takeBody(upTo limit: Int) -> Int {
        let available = min(limit, buffer.count - position)
        let kept = min(available, maxBodyBytes - body.count)
        body.append(contentsOf: buffer[position..<position + kept])
        position += available
        // Cut when bytes were dropped, or when the body is full and more is still declared.
        if available > kept || (body.count >= maxBodyBytes && limit > available) { isBodyTruncated = true }
        return available
    }

    private mutating func compact() {
        if position > 4096 || position == buffer.count {
            buffer.removeFirst(position)
            position = 0
        }
    }
}

extension String {
    /// Trims spaces and tabs (Foundation-free, for hot parsing paths).
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        guard let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[first...last])
    }
}
