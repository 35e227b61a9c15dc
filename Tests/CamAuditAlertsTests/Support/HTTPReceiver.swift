import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A tiny HTTP/1 server on 127.0.0.1 that records each request and answers with the status `respond` picks for it
/// (numbered from 1), or never answers when `respond` returns nil.
final class HTTPReceiver: Sendable {
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    let requests: Shared<[Request]>
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }
    var received: [Request] { requests.value }

    private init(channel: any Channel, requests: Shared<[Request]>) {
        self.channel = channel
        self.requests = requests
    }

    static func start(tls: NIOSSLContext? = nil, respond: @escaping @Sendable (Int) -> HTTPResponseStatus?) async throws -> HTTPReceiver {
        let requests = Shared<[Request]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                if let tls {
                    do {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    } catch {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                }
                return channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(Handler(requests: requests, respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return HTTPReceiver(channel: channel, requests: requests)
    }

    func stop() async { try? await channel.close().get() }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let requests: Shared<[Request]>
        let respond: @Sendable (Int) -> HTTPResponseStatus?
        var current: Request?

        init(requests: Shared<[Request]>, respond: @escaping @Sendable (Int) -> HTTPResponseStatus?) {
            self.requests = requests
            self.respond = respond
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                current = Request(method: "\(head.method)", uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: [])
            case .body(var buffer):
                current?.body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let request = current else { return }
                let number = requests.update { list in
                    list.append(request)
                    return list.count
                }
                guard let status = respond(number) else { return }  // silent: never answer
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: "0")
                headers.add(name: "Connection", value: "close")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}
