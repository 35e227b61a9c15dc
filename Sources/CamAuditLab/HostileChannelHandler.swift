import NIOCore

/// The misbehaving devices: silence, a one-byte-per-second trickle, and an endless header flood.
final class HostileChannelHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Mode {
        /// Accepts and never answers.
        case silent
        /// Sends one byte of a never-ending reply head every second.
        case trickle
        /// Sends a 1 MB header line, then keeps extending it whenever the client reads.
        case flood
    }

    private let mode: Mode
    private let statusLine: String
    private var trickleTask: RepeatedTask?
    private var trickleOffset = 0
    private var trickleText: [UInt8] = []
    private static let floodChunk = [UInt8](repeating: UInt8(ascii: "A"), count: 64 * 1024)
    private static let floodFirstLine = 1024 * 1024

    init(mode: Mode, statusLine: String) {
        self.mode = mode
        self.statusLine = statusLine
    }

    func channelActive(context: ChannelHandlerContext) {
        switch mode {
        case .silent:
            break
        case .trickle:
            trickleText = Array("\(statusLine)\r\nServer: ".utf8)
            let channel = context.channel
            trickleTask = context.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .seconds(1)) { [weak self] _ in
                guard let self else { return }
                let byte = self.trickleOffset < self.trickleText.count ? self.trickleText[self.trickleOffset] : UInt8(ascii: "z")
                self.trickleOffset += 1
                channel.writeAndFlush(channel.allocator.buffer(bytes: [byte]), promise: nil)
            }
        case .flood:
            var head = context.channel.allocator.buffer(string: "\(statusLine)\r\nX-Padding: ")
            head.writeRepeatingByte(UInt8(ascii: "A"), count: Self.floodFirstLine)
            context.writeAndFlush(wrapOutboundOut(head), promise: nil)
        }
        context.fireChannelActive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // The header line never ends: whenever the client has drained our buffer, send more.
        guard mode == .flood else { return }
        while context.channel.isWritable {
            context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: Self.floodChunk)), promise: nil)
        }
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func channelInactive(context: ChannelHandlerContext) {
        trickleTask?.cancel()
        trickleTask = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
