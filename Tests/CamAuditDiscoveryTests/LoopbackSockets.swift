import CamAuditCore
import Foundation
import Glibc

/// Plain listening (or merely bound) sockets on loopback addresses, opened by the tests themselves.
final class LoopbackSocket {
    let fd: Int32
    let address: IPAddress
    let port: UInt16

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Binds `address:port` (port 0 lets the kernel choose) and listens unless `listening` is false,
    /// in which case the port is reserved on that address but refuses connections.
    init(address: IPAddress, port: UInt16 = 0, listening: Bool = true, backlog: Int32 = 64) throws {
        let family = address.isIPv4 ? AF_INET : AF_INET6
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var storage = sockaddr_storage()
        let length = LoopbackSocket.fill(&storage, address: address, port: port)
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let why = String(cString: strerror(errno))
            Glibc.close(fd)
            throw Failure(description: "bind \(address):\(port): \(why)")
        }
        if listening, Glibc.listen(fd, backlog) != 0 {
            Glibc.close(fd)
            throw Failure(description: "listen failed")
        }
        var actual = sockaddr_storage()
        var actualLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        let actualPort = withUnsafePointer(to: &actual) { pointer in
            pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        self.fd = fd
        self.address = address
        self.port = actualPort
    }

    deinit { Glibc.close(fd) }

    /// A listener whose accept queue is full, so the kernel drops further SYNs: on loopback this is
    /// the only way to get a port that neither accepts nor refuses (a "filtered" port).
    static func blackHole(address: IPAddress, port: UInt16 = 0) throws -> (listener: LoopbackSocket, filler: Int32) {
        let listener = try LoopbackSocket(address: address, port: port, backlog: 0)
        let filler = socket(address.isIPv4 ? AF_INET : AF_INET6, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var storage = sockaddr_storage()
        let length = fill(&storage, address: address, port: listener.port)
        let connected = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) }
        }
        guard connected == 0 else { throw Failure(description: "filler connect failed") }
        return (listener, filler)
    }

    static func fill(_ storage: inout sockaddr_storage, address: IPAddress, port: UInt16) -> socklen_t {
        withUnsafeMutableBytes(of: &storage) { raw in
            switch address {
            case .v4(let value):
                var v4 = sockaddr_in()
                v4.sin_family = sa_family_t(AF_INET)
                v4.sin_port = port.bigEndian
                v4.sin_addr.s_addr = value.bigEndian
                raw.storeBytes(of: v4, as: sockaddr_in.self)
                return socklen_t(MemoryLayout<sockaddr_in>.size)
            case .v6:
                var v6 = sockaddr_in6()
                v6.sin6_family = sa_family_t(AF_INET6)
                v6.sin6_port = port.bigEndian
                let bytes = address.bytes
                withUnsafeMutableBytes(of: &v6.sin6_addr) { target in
                    for (index, byte) in bytes.enumerated() { target[index] = byte }
                }
                raw.storeBytes(of: v6, as: sockaddr_in6.self)
                return socklen_t(MemoryLayout<sockaddr_in6>.size)
            }
        }
    }
}

/// What this process has open, read from /proc.
enum OpenDescriptors {
    /// Sockets of this process whose IPv4 peer address is inside `range`.
    static func sockets(connectedInto range: ClosedRange<UInt32>) -> Int {
        var inodes: Set<String> = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)"),
                target.hasPrefix("socket:[")
            {
                inodes.insert(String(target.dropFirst("socket:[".count).dropLast()))
            }
        }
        guard let table = readWhole("/proc/net/tcp") else { return -1 }
        var count = 0
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count > 9, let remote = fields[2].split(separator: ":").first,
                let raw = UInt32(remote, radix: 16)
            else { continue }
            // The kernel prints the network-order word as a host-order integer.
            let peer = UInt32(bigEndian: raw)
            if range.contains(peer), inodes.contains(String(fields[9])) { count += 1 }
        }
        return count
    }

    /// Reads a /proc file to its end (they report a size of 0, so read until EOF).
    static func readWhole(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
