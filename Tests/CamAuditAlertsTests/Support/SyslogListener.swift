import NIOCore
import NIOPosix

/// Syslog listeners on 127.0.0.1: UDP keeps each datagram, TCP splits the stream by octet counting (RFC 6587 3.4.1).
final class SyslogListener: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: any Channel, messages: Shared<[[UInt8]]>) {
        self.channel = channel
        self.messages = messages
    }

    let messages: Shared<[[UInt8]]>
    var received: [[UInt8]] { messages.value }

    static func udp() async throws -> SyslogListener {
        let messages = Shared<[[UInt8]]>([])
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramHandler(messages: messages))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SyslogListener(channel: channel, messages: messages)
    }

    static func tcp() async throws -> SyslogListener {
        let messages = Shared<[[UInt8]]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(OctetCountingHandler(messages: messages))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SyslogListener(channel: channel, messages: messages)
    }

    func stop() async { try? await channel.close().get() }

    final class DatagramHandler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let messages: Shared<[[UInt8]]>

        init(messages: Shared<[[UInt8]]>) { self.messages = messages }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var envelope = unwrapInboundIn(data)
            let bytes = envelope.data.readBytes(length: envelope.data.readableBytes) ?? []
            messages.update { $0.append(bytes) }
        }
    }

    final class OctetCountingHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let messages: Shared<[[UInt8]]>
        var buffer: [UInt8] = []

        init(messages: Shared<[[UInt8]]>) { self.messages = messages }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var incoming = unwrapInboundIn(data)
            buffer += incoming.readBytes(length: incoming.readableBytes) ?? []
            while let space = buffer.firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: buffer[..<space], as: UTF8.self)),
                buffer.count >= space + 1 + length
            {
                let message = Array(buffer[(space + 1)..<(space + 1 + length)])
                buffer.removeFirst(space + 1 + length)
                messages.update { $0.append(message) }
            }
        }
    }
}
