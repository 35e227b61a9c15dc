import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP server on 127.0.0.1 that keeps what it is sent. It offers STARTTLS when given a TLS context, and
/// AUTH PLAIN / LOGIN when `offerAuth` is set (only after TLS, as real servers do).
final class SMTPSink: Sendable {
    struct Mail: Sendable {
        var from: String
        var recipients: [String]
        /// The DATA lines with the dot-stuffing undone, joined by CR LF.
        var data: String
        /// Whether the connection was TLS when DATA came.
        var overTLS: Bool
        var login: String?
    }

    struct Log: Sendable {
        var mails: [Mail] = []
        var commands: [String] = []
    }

    let log: Shared<Log>
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }
    var mails: [Mail] { log.value.mails }
    var commands: [String] { log.value.commands }

    private init(channel: any Channel, log: Shared<Log>) {
        self.channel = channel
        self.log = log
    }

    static func start(tls: NIOSSLContext? = nil, offerAuth: Bool = false) async throws -> SMTPSink {
        let log = Shared(Log())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Session(log: log, tls: tls, offerAuth: offerAuth))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SMTPSink(channel: channel, log: log)
    }

    func stop() async { try? await channel.close().get() }

    final class Session: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let log: Shared<Log>
        let tls: NIOSSLContext?
        let offerAuth: Bool
        var buffer: [UInt8] = []
        var overTLS = false
        var inData = false
        var from = ""
        var recipients: [String] = []
        var dataLines: [String] = []
        var login: String?
        var loginStep = 0

        init(log: Shared<Log>, tls: NIOSSLContext?, offerAuth: Bool) {
            self.log = log
            self.tls = tls
            self.offerAuth = offerAuth
        }

        func channelActive(context: ChannelHandlerContext) {
            reply(context, "220 sink.test ESMTP ready")
            context.fireChannelActive()
        }

        func reply(_ context: ChannelHandlerContext, _ text: String) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var incoming = unwrapInboundIn(data)
            buffer += incoming.readBytes(length: incoming.readableBytes) ?? []
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                handle(context, String(decoding: line, as: UTF8.self))
            }
        }

        func handle(_ context: ChannelHandlerContext, _ line: String) {
            if inData {
                if line == "." {
                    inData = false
                    let mail = Mail(
                        from: from, recipients: recipients, data: dataLines.joined(separator: "\r\n"), overTLS: overTLS, login: login)
                    log.update { $0.mails.append(mail) }
                    reply(context, "250 2.0.0 queued")
                } else {
                    dataLines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
                }
                return
            }
            if loginStep > 0 {
                loginStep += 1
                if loginStep == 2 {
                    login = String(decoding: Data(base64Encoded: line) ?? Data(), as: UTF8.self)
                    reply(context, "334 UGFzc3dvcmQ6")
                } else {
                    loginStep = 0
                    reply(context, "235 2.7.0 accepted")
                }
                return
            }
            let verb = line.prefix { $0 != " " && $0 != ":" }.uppercased()
            log.update { $0.commands.append(verb) }
            switch verb {
            case "EHLO":
                var lines = ["250-sink.test greets you", "250-8BITMIME"]
                if tls != nil, !overTLS { lines.append("250-STARTTLS") }
                if offerAuth, overTLS { lines.append("250-AUTH PLAIN LOGIN") }
                lines.append("250 SIZE 1000000")
                reply(context, lines.joined(separator: "\r\n"))
            case "STARTTLS":
                guard let tls, !overTLS else { return reply(context, "502 no") }
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "220 2.0.0 go ahead\r\n"))).whenSuccess {
                    try? channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
                }
                overTLS = true
            case "AUTH":
                let words = line.split(separator: " ")
                if words.count >= 3, words[1].uppercased() == "PLAIN" {
                    let parts = (Data(base64Encoded: String(words[2])) ?? Data()).split(separator: 0, omittingEmptySubsequences: false)
                    login = parts.count == 3 ? String(decoding: parts[1], as: UTF8.self) : nil
                    reply(context, "235 2.7.0 accepted")
                } else {
                    loginStep = 1
                    reply(context, "334 VXNlcm5hbWU6")
                }
            case "MAIL":
                from = String(line.drop { $0 != "<" }.dropFirst().prefix { $0 != ">" })
                recipients = []
                reply(context, "250 2.1.0 ok")
            case "RCPT":
                recipients.append(String(line.drop { $0 != "<" }.dropFirst().prefix { $0 != ">" }))
                reply(context, "250 2.1.5 ok")
            case "DATA":
                inData = true
                dataLines = []
                reply(context, "354 end with .")
            case "QUIT":
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 bye\r\n"))).whenComplete { _ in channel.close(promise: nil) }
            default:
                reply(context, "502 5.5.2 unknown command")
            }
        }
    }
}
