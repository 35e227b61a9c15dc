import CamAuditCore
import NIOCore
import NIOPosix

/// One plain TCP connection read chunk by chunk under a single deadline, for exchanges that are not one
/// request and one answer: an RTSP SETUP/PLAY session, or an MJPEG stream that never ends.
///
/// Used from one task only (it holds the stream's iterator); everything ends at `deadline` or `maxBytes`.
final class StreamConnection {
    /// What one read produced.
    enum Event {
        case bytes([UInt8])
        /// The peer closed, the deadline passed, or the byte cap was reached.
        case ended(String)
    }

    private let channel: any Channel
    private var iterator: AsyncStream<Event>.AsyncIterator
    private let timer: Scheduled<Void>
    private(set) var bytesReceived = 0
    private var finished = false

    private init(channel: any Channel, stream: AsyncStream<Event>, timer: Scheduled<Void>) {
        self.channel = channel
        self.iterator = stream.makeAsyncIterator()
        self.timer = timer
    }

    /// Connects, or returns why not.
    static func open(
        host: IPAddress, port: UInt16, group: any EventLoopGroup, deadline: ContinuousClock.Instant, maxBytes: Int
    ) async -> Result<StreamConnection, StreamConnectionError> {
        let remaining = ContinuousClock.now.duration(to: deadline)
        // A cancelled scan (SIGINT) opens no new connection: "no time left" is what the check sees.
        guard remaining > .zero, !Task.isCancelled else { return .failure(.deadline) }
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        do {
            let address = try SocketAddress(ipAddress: host.description, port: Int(port))
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(
                    .nanoseconds(Int64(remaining.components.seconds) * 1_000_000_000 + remaining.components.attoseconds / 1_000_000_000)
                )
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ChunkForwarder(continuation: continuation, maxBytes: maxBytes))
                    }
                }
                .connect(to: address).get()
            let left = ContinuousClock.now.duration(to: deadline)
            let timer = channel.eventLoop.scheduleTask(
                in: .nanoseconds(max(0, Int64(left.components.seconds) * 1_000_000_000 + left.components.attoseconds / 1_000_000_000))
            ) {
                continuation.yield(.ended("no complete answer before the deadline"))
                continuation.finish()
            }
            return .success(StreamConnection(channel: channel, stream: stream, timer: timer))
        } catch {
            continuation.finish()
            return .failure(.connectFailed(String(describing: error)))
        }
    }

    /// Sends bytes without waiting for them to leave.
    func write(_ bytes: [UInt8]) {
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }

    /// The next chunk, or why there will be none.
    func next() async -> Event {
        guard !finished else { return .ended("the connection already ended") }
        guard let event = await iterator.next() else {
            finished = true
            return .ended("the connection already ended")
        }
        switch event {
        case .bytes(let bytes): bytesReceived += bytes.count
        case .ended: finished = true
        }
        return event
    }

    func close() {
        timer.cancel()
        channel.close(promise: nil)
    }

    /// Forwards received bytes to the stream; ends it on close, error or when the cap is passed.
    private final class ChunkForwarder: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        private let continuation: AsyncStream<Event>.Continuation
        private let maxBytes: Int
        private var received = 0

        init(continuation: AsyncStream<Event>.Continuation, maxBytes: Int) {
            self.continuation = continuation
            self.maxBytes = maxBytes
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            guard received < maxBytes else { return }
            let take = min(buffer.readableBytes, maxBytes - received)
            received += take
            continuation.yield(.bytes(buffer.readBytes(length: take) ?? []))
            if received >= maxBytes {
                continuation.yield(.ended("answer larger than \(maxBytes) bytes"))
                continuation.finish()
                context.close(promise: nil)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            continuation.yield(.ended("the device closed the connection"))
            continuation.finish()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            continuation.yield(.ended("connection error: \(error)"))
            continuation.finish()
            context.close(promise: nil)
        }
    }
}
