import CamAuditCore
import NIOCore
import NIOPosix
import NIOSSL

/// How one request/answer exchange on a fresh TCP (or TLS) connection ended.
struct Exchange<Message: Sendable>: Sendable {
    /// Why reading stopped.
    enum End: Sendable, Equatable {
        case complete
        case closed
        case deadline
        case overflow
        case failed(String)
    }

    enum Outcome: Sendable {
        /// A message (possibly cut short: see `end`).
        case message(Message)
        /// Bytes arrived but are not the expected protocol.
        case unparsable(MessageParseError)
        /// Nothing arrived before the connection ended or the deadline passed.
        case silent
        /// The TCP connection (or TLS handshake) could not be made.
        case connectFailed(String)
    }

    var outcome: Outcome
    var end: End
    var bytesReceived: Int
    /// The first bytes received, to recognise TLS alerts or binary protocols.
    var head: [UInt8]
    /// The server certificate (DER) when the exchange ran over TLS.
    var certificateDER: [UInt8]?

    var message: Message? {
        if case .message(let message) = outcome { return message }
        return nil
    }
}

/// Opens one connection, sends one request, and decodes the answer under a hard deadline.
///
/// One connection per request keeps each exchange independent: a device that wedges one socket
/// cannot stall the next probe, and the per-connection byte cap bounds memory.
struct ProbeConnection: Sendable {
    let group: any EventLoopGroup
    let tlsContext: NIOSSLContext?
    let byteLimit: Int

    /// A connection factory for cameras: TLS without certificate verification (self-signed
    /// certificates are the norm) down to TLS 1.0 (old firmware still speaks it).
    static func forCameras(group: any EventLoopGroup, byteLimit: Int) -> ProbeConnection {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        tls.minimumTLSVersion = .tlsv1
        return ProbeConnection(group: group, tlsContext: try? NIOSSLContext(configuration: tls), byteLimit: byteLimit)
    }

    func exchange<Decoder: IncrementalDecoder>(
        host: IPAddress, port: UInt16, useTLS: Bool, request: [UInt8]?, decoder: Decoder, deadline: ContinuousClock.Instant
    ) async -> Exchange<Decoder.Message> {
        let remaining = ContinuousClock.now.duration(to: deadline)
        // A cancelled scan (SIGINT) opens no new connection; the host's result is dropped and done again on resume.
        guard remaining > .zero, !Task.isCancelled else {
            return Exchange(outcome: .silent, end: .deadline, bytesReceived: 0, head: [], certificateDER: nil)
        }
        if useTLS, tlsContext == nil {
            return Exchange(
                outcome: .connectFailed("TLS is unavailable"), end: .failed("no TLS context"), bytesReceived: 0, head: [],
                certificateDER: nil)
        }
        let (stream, continuation) = AsyncStream<InboundEvent>.makeStream()
        let channel: any Channel
        do {
            let address = try SocketAddress(ipAddress: host.description, port: Int(port))
            let tlsContext = self.tlsContext
            let byteLimit = self.byteLimit
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(remaining))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if useTLS, let tlsContext {
                            // No SNI: the target is an IP address. No verification: self-signed is normal here.
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: nil))
                        }
                        try channel.pipeline.syncOperations.addHandler(
                            InboundForwardingHandler(continuation: continuation, byteLimit: byteLimit))
                    }
                }
                .connect(to: address).get()
        } catch {
            continuation.finish()
            return Exchange(
                outcome: .connectFailed(String(describing: error)), end: .failed(String(describing: error)),
                bytesReceived: 0, head: [], certificateDER: nil)
        }
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(ContinuousClock.now.duration(to: deadline))) {
            continuation.yield(.deadline)
        }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        if let request {
            // Not awaited: over TLS the write waits for the handshake, and the deadline covers both.
            channel.writeAndFlush(ByteBuffer(bytes: request), promise: nil)
        }
        return await receive(from: stream, decoder: decoder)
    }

    private func receive<Decoder: IncrementalDecoder>(from stream: AsyncStream<InboundEvent>, decoder: Decoder) async -> Exchange<
        Decoder.Message
    > {
        var decoder = decoder
        var received = 0
        var head: [UInt8] = []
        var certificate: [UInt8]?
        var end = Exchange<Decoder.Message>.End.deadline  // also when the task is cancelled
        events: for await event in stream {
            switch event {
            case .bytes(let bytes):
                received += bytes.count
                if head.count < 64 { head += bytes.prefix(64 - head.count) }
                do {
                    if case .complete(let message) = try decoder.feed(bytes[...]) {
                        return Exchange(
                            outcome: .message(message), end: .complete, bytesReceived: received, head: head, certificateDER: certificate)
                    }
                } catch {
                    return Exchange(
                        outcome: .unparsable(error), end: .complete, bytesReceived: received, head: head, certificateDER: certificate)
                }
            case .certificate(let der):
                certificate = der
            case .closed:
                end = .closed
                break events
            case .deadline:
                end = .deadline
                break events
            case .overflow:
                end = .overflow
                break events
            case .failed(let reason):
                end = .failed(reason)
                break events
            }
        }
        guard received > 0 else {
            return Exchange(outcome: .silent, end: end, bytesReceived: 0, head: head, certificateDER: certificate)
        }
        do {
            let message = try decoder.finish()
            return Exchange(outcome: .message(message), end: end, bytesReceived: received, head: head, certificateDER: certificate)
        } catch {
            return Exchange(outcome: .unparsable(error), end: end, bytesReceived: received, head: head, certificateDER: certificate)
        }
    }
}

extension TimeAmount {
    /// Converts a Swift `Duration`, clamping negatives to zero.
    init(_ duration: Duration) {
        let components = duration.components
        let nanoseconds = components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let total = nanoseconds.overflow ? Int64.max : nanoseconds.partialValue &+ components.attoseconds / 1_000_000_000
        self = .nanoseconds(max(0, total))
    }
}
