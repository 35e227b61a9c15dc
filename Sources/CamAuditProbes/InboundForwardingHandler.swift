import NIOCore
import NIOSSL

/// Forwards everything the channel reads into an `AsyncStream`, capped at `byteLimit` per connection.
///
/// It is the only handler (after TLS): framing stays in the pure decoders, I/O stays here.
final class InboundForwardingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<InboundEvent>.Continuation
    private let byteLimit: Int
    private var bytesForwarded = 0
    private var finished = false
    private var certificateChecked = false

    init(continuation: AsyncStream<InboundEvent>.Continuation, byteLimit: Int) {
        self.continuation = continuation
        self.byteLimit = byteLimit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        if !certificateChecked {
            // Decrypted bytes only arrive after the TLS handshake, so the peer certificate is known now.
            certificateChecked = true
            if let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self),
                let certificate = tls.peerCertificate, let der = try? certificate.toDERBytes()
            {
                continuation.yield(.certificate(der))
            }
        }
        var buffer = unwrapInboundIn(data)
        let room = byteLimit - bytesForwarded
        let count = min(buffer.readableBytes, room)
        if count > 0, let bytes = buffer.readBytes(length: count) {
            bytesForwarded += count
            continuation.yield(.bytes(bytes))
        }
        if buffer.readableBytes > 0 {
            // A flood: stop reading so memory stays bounded, and let the decoder decide with what it has.
            finish(.overflow)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        finish(.failed(String(describing: error)))
        context.close(promise: nil)
    }

    private func finish(_ event: InboundEvent) {
        guard !finished else { return }
        finished = true
        continuation.yield(event)
        continuation.finish()
    }
}
