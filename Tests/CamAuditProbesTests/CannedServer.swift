import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A tiny in-test server on a loopback address that answers with canned bytes, or misbehaves on purpose.
final class CannedServer: Sendable {
    /// How the server answers one request (the request's header block, as text).
    enum Reply: Sendable {
        case bytes([UInt8])
        /// Never answers.
        case silent
        /// Sends the bytes one at a time, `interval` apart.
        case trickle([UInt8], interval: TimeAmount)
    }

    let channel: any Channel
    /// The ephemeral port the server listens on (read once: it is gone after `stop()`).
    let port: UInt16

    /// `banner` is written as soon as a client connects; `answer` maps each request to a reply.
    init(
        host: String, group: any EventLoopGroup, tls: NIOSSLContext? = nil, banner: [UInt8]? = nil,
        answer: @escaping @Sendable (String) -> Reply
    ) async throws {
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if let tls { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try child.pipeline.syncOperations.addHandler(CannedAnswerHandler(banner: banner, answer: answer))
                }
            }
            .bind(host: host, port: 0).get()
        port = UInt16(channel.localAddress?.port ?? 0)
    }

    func stop() async {
        try? await channel.close()
    }
}

/// Reads one request (headers plus a Content-Length body) and writes the canned reply.
final class CannedAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let banner: [UInt8]?
    private let answer: @Sendable (String) -> CannedServer.Reply
    private var received: [UInt8] = []
    private var answered = false

    init(banner: [UInt8]?, answer: @escaping @Sendable (String) -> CannedServer.Reply) {
        self.banner = banner
        self.answer = answer
    }

    func channelActive(context: ChannelHandlerContext) {
        if let banner { context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: banner)), promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        received += buffer.readBytes(length: buffer.readableBytes) ?? []
        guard !answered, let headerEnd = received.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
        let head = String(decoding: received[..<headerEnd.lowerBound], as: UTF8.self)
        let length =
            head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        guard received.count - headerEnd.upperBound >= length else { return }  // wait for the body
        answered = true
        switch answer(head) {
        case .bytes(let bytes):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes))).whenComplete { _ in context.close(promise: nil) }
        case .silent:
            break
        case .trickle(let bytes, let interval):
            trickle(bytes[...], interval: interval, context: context)
        }
    }

    private func trickle(_ bytes: ArraySlice<UInt8>, interval: TimeAmount, context: ChannelHandlerContext) {
        guard let first = bytes.first, context.channel.isActive else { return }
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: [first])), promise: nil)
        let rest = bytes.dropFirst()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: interval) {
            let (handler, context) = loopBound.value
            handler.trickle(rest, interval: interval, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
