import CamAuditCore
import CamAuditProbes
import NIOCore

/// Fetches one HTTP snapshot or the start of an MJPEG stream, reading no more than the picture needs.
///
/// Plain HTTP is read chunk by chunk and stops as soon as the JPEG (or the first multipart part) is complete,
/// because an MJPEG stream never ends; HTTPS goes through `WireClient`, which stops at its byte cap or the deadline.
struct SnapshotFetcher: Sendable {
    let group: any EventLoopGroup
    let wire: WireClient
    /// Bytes read at most from one answer (a camera JPEG is usually 50-500 KB).
    static let maximumBytes = 2 * 1024 * 1024
    static let maximumHeaderBytes = 32 * 1024

    /// The answer, or why there is none.
    struct Answer: Sendable {
        var response: HTTPResponse?
        var problem: String?
    }

    func fetch(path: String, host: IPAddress, port: UInt16, useTLS: Bool, deadline: ContinuousClock.Instant) async -> Answer {
        let request = HTTPRequestText.http(method: "GET", path: path, host: host, port: port).bytes
        if useTLS {
            let answer = await wire.send(request, to: host, port: port, useTLS: true, deadline: deadline, readsBodyUntilClose: false)
            return Answer(response: answer.response, problem: answer.problem)
        }
        let connection: StreamConnection
        switch await StreamConnection.open(
            host: host, port: port, group: group, deadline: deadline,
            maxBytes: Self.maximumBytes + Self.maximumHeaderBytes)
        {
        case .success(let opened): connection = opened
        case .failure(let error): return Answer(response: nil, problem: error.description)
        }
        defer { connection.close() }
        connection.write(request)
        var received: [UInt8] = []
        var head: HTTPResponse?
        var bodyStart = 0
        while true {
            if head == nil, let end = Self.headEnd(in: received) {
                guard let parsed = Self.parseHead(Array(received[..<end])) else {
                    return Answer(response: nil, problem: "unparsable HTTP answer")
                }
                head = parsed
                bodyStart = end
            }
            if let head {
                var response = head
                response.body = Array(received[bodyStart...])
                if Self.isComplete(response) { return Answer(response: response, problem: nil) }
            } else if received.count > Self.maximumHeaderBytes {
                return Answer(response: nil, problem: "HTTP header larger than \(Self.maximumHeaderBytes) bytes")
            }
            switch await connection.next() {
            case .bytes(let bytes):
                received += bytes
            case .ended(let reason):
                guard var response = head else { return Answer(response: nil, problem: reason) }
                response.body = Array(received[bodyStart...])
                response.isBodyTruncated = true
                return Answer(response: response, problem: reason)
            }
        }
    }

    /// Whether enough of the body arrived to judge it: all `Content-Length` bytes, or the first complete multipart part.
    ///
    /// A refusal, or a body that does not start like a JPEG, is judged from what arrived: waiting for the rest of a
    /// kept-alive error page would only cost the deadline.
    static func isComplete(_ response: HTTPResponse) -> Bool {
        if response.status != 200 { return true }
        if let type = response.value(of: "Content-Type"), let boundary = MJPEGMultipart.boundary(contentType: type) {
            return MJPEGMultipart.firstPart(in: response.body, boundary: boundary) != nil
        }
        if response.body.count >= 2, !response.body.starts(with: [0xFF, 0xD8]) { return true }
        if let length = response.value(of: "Content-Length").flatMap(Int.init) { return response.body.count >= length }
        return false
    }

    /// The index just past the blank line that ends the header block.
    static func headEnd(in bytes: [UInt8]) -> Int? {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x0A {
                if bytes[index + 1] == 0x0A { return index + 2 }
                if bytes[index + 1] == 0x0D, index + 2 < bytes.count, bytes[index + 2] == 0x0A { return index + 3 }
            }
            index += 1
        }
        return nil
    }

    /// Status line and headers, parsed by the probes' tolerant parser.
    static func parseHead(_ bytes: [UInt8]) -> HTTPResponse? {
        var parser = HTTPResponseParser(maxHeaderBytes: maximumHeaderBytes, maxBodyBytes: 0, readsBodyUntilCloseWithoutLength: false)
        do {
            if case .complete(let response) = try parser.feed(bytes[...]) { return response }
            return try parser.finish()
        } catch {
            return nil
        }
    }
}
