import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Why a delivery failed, as one sentence for the delivery log.
public struct DeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// What the channel handler passes up to the task reading the connection.
enum StreamEvent: Sendable {
    case bytes([UInt8])
    case closed
    case failed(String)
    /// The step timer numbered so fired (an older timer's event is ignored).
    case timeout(UInt64)
}

/// The first error the channel saw, for the sentence of a write that failed because of it.
final class FirstError: Sendable {
    private let text = Mutex<String?>(nil)

    var value: String? { text.withLock { $0 } }

    func note(_ error: any Error) { text.withLock { $0 = $0 ?? String(describing: error) } }
}

/// Forwards what the channel reads to an `AsyncStream`; lives on the channel's event loop.
final class StreamForwardingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<StreamEvent>.Continuation
    private let firstError: FirstError

    init(continuation: AsyncStream<StreamEvent>.Continuation, firstError: FirstError) {
        self.continuation = continuation
        self.firstError = firstError
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if let bytes = buffer.readBytes(length: buffer.readableBytes), !bytes.isEmpty { continuation.yield(.bytes(bytes)) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.yield(.closed)
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        firstError.note(error)
        continuation.yield(.failed(String(describing: error)))
        context.close(promise: nil)
    }
}

/// One TCP connection read and written by one task, every step under `timeouts.step`, upgradable to TLS in place
/// (STARTTLS). Reads keep at most `byteLimit` bytes waiting: a peer that floods is cut off.
final class StreamConnection {
    let channel: any Channel
    let timeouts: NetworkTimeouts
    let peer: String
    private let firstError: FirstError
    private var events: AsyncStream<StreamEvent>.AsyncIterator
    private let continuation: AsyncStream<StreamEvent>.Continuation
    private var buffer: [UInt8] = []
    private var ended = false
    private var timerNumber: UInt64 = 0
    private(set) var isTLS = false
    /// Upgraded to TLS and nothing read since: a failure now is the handshake's.
    private var handshakePending = false
    static let byteLimit = 1 << 16

    private init(
        channel: any Channel, timeouts: NetworkTimeouts, peer: String, stream: AsyncStream<StreamEvent>,
        continuation: AsyncStream<StreamEvent>.Continuation, firstError: FirstError
    ) {
        self.channel = channel
        self.firstError = firstError
        self.timeouts = timeouts
        self.peer = peer
        self.events = stream.makeAsyncIterator()
        self.continuation = continuation
    }

    /// Connects to `host` (a name is resolved by the system), with TLS from the start when `tls` is given.
    static func open(
        host: String, port: Int, tls: NIOSSLContext?, timeouts: NetworkTimeouts, group: any EventLoopGroup
    ) async throws -> StreamConnection {
        let peer = "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        guard (1...65535).contains(port) else { throw DeliveryError("\(port) is not a TCP port") }
        let (stream, continuation) = AsyncStream<StreamEvent>.makeStream()
        let serverName = TLSNames.serverName(host)
        let firstError = FirstError()
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(timeouts.connect))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(
                            StreamForwardingHandler(continuation: continuation, firstError: firstError))
                    }
                }
                .connect(host: host, port: port).get()
            let connection = StreamConnection(
                channel: channel, timeouts: timeouts, peer: peer, stream: stream, continuation: continuation, firstError: firstError)
            connection.isTLS = tls != nil
            connection.handshakePending = tls != nil
            return connection
        } catch {
            continuation.finish()
            throw DeliveryError("Could not connect to \(peer): \(error).")
        }
    }

    /// Writes all of `bytes`; the connection is closed if the write takes longer than a step.
    func write(_ bytes: [UInt8]) async throws {
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeouts.step)) { channel.close(promise: nil) }
        defer { timer.cancel() }
        do {
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
        } catch {
            // A write fails with "closed channel" when the channel died of something else: say what.
            if let cause = firstError.value {
                throw DeliveryError(
                    handshakePending ? "TLS with \(peer) failed: \(cause)." : "Writing to \(peer) failed: \(cause).")
            }
            throw DeliveryError("Writing to \(peer) failed or took longer than \(timeouts.step): \(error).")
        }
    }

    func write(_ text: String) async throws { try await write(Array(text.utf8)) }

    /// The next line, without its CR LF (a bare LF also ends a line).
    func readLine() async throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            try await readMore()
        }
    }

    /// Whether bytes arrived that nothing has read yet.
    var hasUnreadBytes: Bool { !buffer.isEmpty }

    /// Waits up to one step for more bytes.
    private func readMore() async throws {
        guard !ended else { throw DeliveryError("\(peer) closed the connection.") }
        guard buffer.count < Self.byteLimit else {
            await close()
            throw DeliveryError("\(peer) sent more than \(Self.byteLimit) bytes without the end of a line.")
        }
        timerNumber += 1
        let number = timerNumber
        let continuation = self.continuation
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeouts.step)) { continuation.yield(.timeout(number)) }
        defer { timer.cancel() }
        while true {
            switch await events.next() {
            case .bytes(let bytes):
                buffer += bytes
                handshakePending = false
                return
            case .timeout(let fired) where fired == number:
                await close()
                throw DeliveryError("\(peer) did not answer within \(timeouts.step).")
            case .timeout:
                continue
            case .failed(let reason):
                ended = true
                throw DeliveryError(
                    handshakePending ? "TLS with \(peer) failed: \(reason)." : "The connection to \(peer) failed: \(reason).")
            case .closed, nil:
                ended = true
                throw DeliveryError(
                    handshakePending
                        ? "TLS with \(peer) failed: the connection closed during the handshake." : "\(peer) closed the connection.")
            }
        }
    }

    /// Turns the connection into TLS (STARTTLS): the handshake starts now, and what is written next waits in the TLS
    /// handler until it succeeds, so nothing leaves in clear. A failed handshake is the error of the next read, within a
    /// step. Bytes the peer sent before the upgrade and nobody read are refused: they could be injected (RFC 3207, section 6).
    func startTLS(_ context: NIOSSLContext, host: String) async throws {
        guard buffer.isEmpty else {
            await close()
            throw DeliveryError("\(peer) sent data after agreeing to start TLS; refusing it.")
        }
        let channel = self.channel
        let serverName = TLSNames.serverName(host)
        do {
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first)
            }.get()
        } catch {
            await close()
            throw DeliveryError("TLS with \(peer) could not start: \(error).")
        }
        isTLS = true
        handshakePending = true
    }

    func close() async {
        ended = true
        try? await channel.close().get()
    }
}

enum TLSNames {
    /// The name sent in SNI and checked against the certificate; nil for an address literal (an IP address is
    /// checked against the certificate's IP entries instead, and SNI forbids it).
    static func serverName(_ host: String) -> String? {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return (try? SocketAddress(ipAddress: bare, port: 0)) == nil ? bare : nil
    }

    /// A client context: system trust plus `extraPEM`, full verification, TLS 1.2 at least.
    static func clientContext(extraPEM: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let extraPEM {
            let certificates = try NIOSSLCertificate.fromPEMBytes(Array(extraPEM.utf8))
            configuration.additionalTrustRoots = [.certificates(certificates)]
        }
        return try NIOSSLContext(configuration: configuration)
    }
}

extension TimeAmount {
    /// A Swift `Duration` as NIO's amount, negatives as zero.
    init(_ duration: Duration) {
        let components = duration.components
        let nanoseconds = components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let total = nanoseconds.overflow ? Int64.max : nanoseconds.partialValue &+ components.attoseconds / 1_000_000_000
        self = .nanoseconds(max(0, total))
    }
}
