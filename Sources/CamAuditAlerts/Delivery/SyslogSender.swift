import NIOCore
import NIOPosix

/// Sends alerts to a syslog collector: one RFC 5424 message per alert, in UDP datagrams (RFC 5426, "Transmission of
/// Syslog Messages over UDP") or on one TCP connection with octet counting (RFC 6587).
enum SyslogSender {
    static func send(_ alerts: [Alert], to target: AlertTarget.Syslog, timeouts: NetworkTimeouts, group: any EventLoopGroup) async throws {
        switch target.ipProtocol {
        case .tcp:
            let connection = try await StreamConnection.open(
                host: target.host, port: target.port, tls: nil, timeouts: timeouts, group: group)
            do {
                for alert in alerts {
                    let line = SyslogMessage.line(
                        for: alert, facility: target.facility, hostname: target.hostname, enterpriseNumber: target.enterpriseNumber)
                    try await connection.write(SyslogMessage.octetCounted(line))
                }
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
        case .udp:
            try await sendDatagrams(alerts, to: target, timeouts: timeouts, group: group)
        }
    }

    static func sendDatagrams(_ alerts: [Alert], to target: AlertTarget.Syslog, timeouts: NetworkTimeouts, group: any EventLoopGroup)
        async throws
    {
        guard (1...65535).contains(target.port) else { throw DeliveryError("\(target.port) is not a UDP port") }
        let remote: SocketAddress
        do {
            // An address literal needs no lookup; a name is resolved by the system resolver.
            if let literal = try? SocketAddress(ipAddress: target.host, port: target.port) {
                remote = literal
            } else {
                remote = try SocketAddress.makeAddressResolvingHost(target.host, port: target.port)
            }
        } catch {
            throw DeliveryError("Could not resolve the syslog host \(target.host): \(error).")
        }
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: group)
                .bind(host: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: 0).get()
        } catch {
            throw DeliveryError("Could not open a UDP socket: \(error).")
        }
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeouts.step)) { channel.close(promise: nil) }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        do {
            for alert in alerts {
                let line = SyslogMessage.line(
                    for: alert, facility: target.facility, hostname: target.hostname, enterpriseNumber: target.enterpriseNumber,
                    limit: SyslogMessage.udpLimit)
                try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: line))).get()
            }
        } catch {
            throw DeliveryError("Sending to the syslog collector \(remote) failed or took longer than \(timeouts.step): \(error).")
        }
    }
}
