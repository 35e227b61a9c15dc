import NIOCore

/// One UDP discovery port of one device: answers each datagram with what `DiscoveryResponder` says.
final class DiscoveryDatagramHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let responder: DiscoveryResponder
    private let service: DiscoveryResponder.Service

    init(responder: DiscoveryResponder, service: DiscoveryResponder.Service) {
        self.responder = responder
        self.service = service
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let bytes = Array(envelope.data.readableBytesView)
        guard let reply = responder.answer(bytes, on: service) else { return }
        let buffer = context.channel.allocator.buffer(bytes: reply)
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A failed send (e.g. ICMP unreachable reported on the socket) must not close the port.
    }
}
