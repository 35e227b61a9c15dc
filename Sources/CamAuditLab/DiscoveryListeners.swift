import NIOCore
import NIOPosix

/// The UDP discovery ports one device binds, and the HTTP route its SSDP `LOCATION` needs.
struct DiscoveryListeners {
    let responder: DiscoveryResponder

    init(profile: DeviceProfile, address: String, httpPort: UInt16) {
        responder = DiscoveryResponder(profile: profile, address: address, httpPort: httpPort)
    }

    /// The discovery ports this device answers on (all above 1024, so never offset).
    var ports: [UInt16] { responder.services.map(\.rawValue).sorted() }

    /// Binds every discovery port on the device's own address.
    func bind(group: EventLoopGroup) async throws -> [Channel] {
        var channels: [Channel] = []
        do {
            for service in responder.services {
                let responder = self.responder
                do {
                    let channel = try await DatagramBootstrap(group: group)
                        .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                        .channelInitializer { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(
                                    DiscoveryDatagramHandler(responder: responder, service: service))
                            }
                        }
                        .bind(host: responder.address, port: Int(service.rawValue))
                        .get()
                    channels.append(channel)
                } catch {
                    throw LabError.bindFailed(address: responder.address, port: service.rawValue, reason: "\(error)")
                }
            }
        } catch {
            for channel in channels { try? await channel.close() }
            throw error
        }
        return channels
    }

    /// The profile with a `GET` route serving the UPnP device description, when the device speaks SSDP.
    static func profileServingDescription(_ profile: DeviceProfile, address: String, httpPort: UInt16) -> DeviceProfile {
        guard let ssdp = profile.discovery?.ssdp, profile.discovery?.malformed != true, var http = profile.http else { return profile }
        let responder = DiscoveryResponder(profile: profile, address: address, httpPort: httpPort)
        let reply = DeviceProfile.Reply(
            version: "HTTP/1.1", status: 200, reason: "OK",
            headers: [["Content-Type", "text/xml; charset=\"utf-8\""], ["Content-Length", "{length}"], ["Connection", "close"]],
            body: responder.deviceDescription(ssdp))
        http.routes.insert(DeviceProfile.HTTPRoute(method: "GET", path: ssdp.descriptionPath, reply: reply), at: 0)
        var served = profile
        served.http = http
        return served
    }
}
