import NIOCore
import NIOPosix
import NIOSSL

/// The TCP listeners one device needs, each with the pipeline its port speaks.
struct DeviceListeners {
    /// One port and how to set up each accepted connection.
    struct Listener {
        let port: UInt16
        let configure: @Sendable (Channel) -> EventLoopFuture<Void>

        func bind(host: String, group: EventLoopGroup) async throws -> Channel {
            do {
                return try await ServerBootstrap(group: group)
                    .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                    .childChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer(configure)
                    .bind(host: host, port: Int(port))
                    .get()
            } catch {
                throw LabError.bindFailed(address: host, port: port, reason: "\(error)")
            }
        }
    }

    let plan: [Listener]
    /// The device's shared state (its activity log), nil for hostile devices.
    let state: DeviceState?

    init(profile: DeviceProfile, offset: UInt16) throws {
        func mapped(_ port: UInt16) -> UInt16 { port < 1024 ? port + offset : port }
        let responder = DeviceResponder(profile: profile)
        state = responder.state
        var plan: [Listener] = []

        @Sendable func requestPipeline(_ channel: Channel, tls: NIOSSLContext?, rtsp: Bool = false) -> EventLoopFuture<Void> {
            channel.eventLoop.makeCompletedFuture {
                if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: Lab.idleTimeout))
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RequestFramer()))
                try channel.pipeline.syncOperations.addHandler(RequestChannelHandler(responder: responder, isRTSPPort: rtsp))
            }
        }

        switch profile.kind {
        case .device, .honeypot, .malformedXML:
            let httpPorts = profile.kind == .honeypot ? (profile.hostilePorts ?? []) : (profile.http?.ports ?? [])
            for port in httpPorts {
                plan.append(Listener(port: mapped(port)) { requestPipeline($0, tls: nil) })
            }
            if let http = profile.http, let tlsPorts = http.tlsPorts, !tlsPorts.isEmpty {
                let context = try Self.tlsContext(named: http.certificate ?? profile.id)
                for port in tlsPorts {
                    plan.append(Listener(port: mapped(port)) { requestPipeline($0, tls: context) })
                }
            }
            if let rtsp = profile.rtsp {
                plan.append(Listener(port: mapped(rtsp.port)) { requestPipeline($0, tls: nil, rtsp: true) })
            }
            for banner in profile.banners ?? [] {
                let bytes = Self.bannerBytes(banner)
                plan.append(
                    Listener(port: mapped(banner.port)) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: Lab.idleTimeout))
                            try channel.pipeline.syncOperations.addHandler(BannerChannelHandler(banner: bytes))
                        }
                    })
            }
        case .silent, .trickle, .flood:
            let mode: HostileChannelHandler.Mode = profile.kind == .silent ? .silent : profile.kind == .trickle ? .trickle : .flood
            for port in profile.hostilePorts ?? [] {
                let statusLine = port == 554 ? "RTSP/1.0 200 OK" : "HTTP/1.1 200 OK"
                plan.append(
                    Listener(port: mapped(port)) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(HostileChannelHandler(mode: mode, statusLine: statusLine))
                        }
                    })
            }
        }
        self.plan = plan
    }

    static func bannerBytes(_ banner: DeviceProfile.Banner) -> [UInt8] {
        if let text = banner.text { return Array(text.utf8) }
        guard let hex = banner.hex else { return [] }
        let digits = Array(hex.filter { !$0.isWhitespace })
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < digits.count {
            if let byte = UInt8(String(digits[index...index + 1]), radix: 16) { bytes.append(byte) }
            index += 2
        }
        return bytes
    }

    /// The server TLS context from the committed PEM fixtures (our own self-signed test keys).
    static func tlsContext(named name: String) throws -> NIOSSLContext {
        guard let paths = ProfileLibrary.certificatePaths(named: name) else { throw LabError.profilesFolderMissing }
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(paths.certificate)
            let key = try NIOSSLPrivateKey(file: paths.key, format: .pem)
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw LabError.profileUnreadable(file: "certificates/\(name)", reason: "\(error)")
        }
    }
}
