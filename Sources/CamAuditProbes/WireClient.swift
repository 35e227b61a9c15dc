import CamAuditCore
import NIOCore

/// How one request sent with `WireClient` ended.
public struct WireAnswer: Sendable {
    /// The parsed response, possibly cut short (`response.isBodyTruncated`); nil when none could be read.
    public var response: HTTPResponse?
    /// Why there is no (complete) response: `connection refused`, `no answer before the deadline`, ...; nil on a clean answer.
    public var problem: String?
    /// Bytes received, for reports about oversized answers.
    public var bytesReceived: Int
    /// True when the connection itself could not be made (closed port, refused TLS handshake).
    public var connectFailed: Bool
}

/// Sends one HTTP or RTSP request on a fresh connection and reads one answer under a hard deadline and byte cap.
///
/// The public face of the probe connection for the checks module: each check request is independent,
/// so a device that wedges one socket cannot stall the next check.
public struct WireClient: Sendable {
    private let connection: ProbeConnection
    public let maxHeaderBytes: Int
    public let maxBodyBytes: Int

    /// `maxBodyBytes` bounds every answer; a larger body is cut and flagged, never buffered whole.
    public init(eventLoopGroup: any EventLoopGroup, maxHeaderBytes: Int = 64 * 1024, maxBodyBytes: Int = 256 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        connection = .forCameras(group: eventLoopGroup, byteLimit: maxHeaderBytes + maxBodyBytes + 16 * 1024)
    }

    /// Sends `request` (whole bytes, as built by `HTTPRequestText`) and returns the answer or why there is none.
    ///
    /// `readsBodyUntilClose` is false for streams (MJPEG, RTSP) whose body never ends: the header and the
    /// first `maxBodyBytes` are returned when the deadline passes or the cap is reached.
    public func send(
        _ request: [UInt8], to host: IPAddress, port: UInt16, useTLS: Bool = false, deadline: ContinuousClock.Instant,
        readsBodyUntilClose: Bool = true
    ) async -> WireAnswer {
        let decoder = HTTPResponseParser(
            maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes,
            readsBodyUntilCloseWithoutLength: readsBodyUntilClose)
        let exchange = await connection.exchange(
            host: host, port: port, useTLS: useTLS, request: request, decoder: decoder, deadline: deadline)
        var problem: String?
        switch exchange.end {
        case .complete, .closed: problem = nil
        case .deadline: problem = "no complete answer before the deadline"
        case .overflow: problem = "answer larger than \(maxHeaderBytes + maxBodyBytes) bytes"
        case .failed(let reason): problem = reason
        }
        switch exchange.outcome {
        case .message(let response):
            return WireAnswer(response: response, problem: problem, bytesReceived: exchange.bytesReceived, connectFailed: false)
        case .unparsable(let error):
            return WireAnswer(
                response: nil, problem: "unparsable answer: \(error)", bytesReceived: exchange.bytesReceived, connectFailed: false)
        case .silent:
            return WireAnswer(
                response: nil, problem: problem ?? "the connection closed without an answer", bytesReceived: 0, connectFailed: false)
        case .connectFailed(let reason):
            return WireAnswer(response: nil, problem: "connection failed: \(reason)", bytesReceived: 0, connectFailed: true)
        }
    }
}
