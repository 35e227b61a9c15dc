import NIOCore

/// Answers each framed HTTP/RTSP request with the device's reply; closes idle or malformed connections.
final class RequestChannelHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = WireRequest
    typealias OutboundOut = ByteBuffer

    private let responder: DeviceResponder
    private let isRTSPPort: Bool

    init(responder: DeviceResponder, isRTSPPort: Bool) {
        self.responder = responder
        self.isRTSPPort = isRTSPPort
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let request = unwrapInboundIn(data)
        let client = context.remoteAddress?.ipAddress ?? "unknown"
        let answer = responder.answer(request, client: client, onRTSPPort: isRTSPPort)
        let buffer = context.channel.allocator.buffer(bytes: answer.bytes)
        if answer.closeAfterwards {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Malformed or oversized requests and TLS errors end the connection, never the device.
        context.close(promise: nil)
    }
}
