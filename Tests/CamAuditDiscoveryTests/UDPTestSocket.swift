import CamAuditCore
@testable import CamAuditDiscovery
import Glibc

/// A blocking-with-deadline UDP socket the tests open themselves on a loopback address.
final class UDPTestSocket {
    let fd: Int32
    let port: UInt16

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(address: String, port: UInt16 = 0) throws {
        guard let parsed = IPAddress(address), case .v4(let value) = parsed else { throw Failure(description: "not IPv4: \(address)") }
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var local = Self.socketAddress(value, port)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            Glibc.close(fd)
            throw Failure(description: "bind \(address):\(port): \(String(cString: strerror(errno)))")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.fd = fd
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    deinit { Glibc.close(fd) }

    static func socketAddress(_ address: UInt32, _ port: UInt16) -> sockaddr_in {
        UDPSocket.socketAddress(address, port)
    }

    func send(_ bytes: [UInt8], to address: UInt32, port: UInt16) {
        var remote = Self.socketAddress(address, port)
        _ = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &remote) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    func send(_ bytes: [UInt8], to address: String, port: UInt16) {
        guard case .v4(let value)? = IPAddress(address) else { return }
        send(bytes, to: value, port: port)
    }

    /// The next datagram and its sender, or nil when none arrives within `milliseconds`.
    func receive(milliseconds: Int32) -> (bytes: [UInt8], address: UInt32, port: UInt16)? {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, milliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var remote = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &remote) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &length) }
            }
        }
        guard count >= 0 else { return nil }
        return (Array(buffer[0..<count]), UInt32(bigEndian: remote.sin_addr.s_addr), UInt16(bigEndian: remote.sin_port))
    }
}
