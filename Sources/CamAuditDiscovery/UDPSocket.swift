#if canImport(Glibc)
    import Glibc

    /// A non-blocking IPv4 UDP socket, closed when released.
    final class UDPSocket {
        let descriptor: Int32

        /// Opens a socket bound to `address` (host byte order; 0 = any) and `port` (0 = ephemeral).
        init(bindAddress address: UInt32 = 0, port: UInt16 = 0) throws(DiscovererError) {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw .socketFailed("socket: \(String(cString: strerror(errno)))") }
            descriptor = fd
            // A big receive buffer so a burst of answers from hundreds of devices is not dropped by the kernel.
            var size: Int32 = 4 << 20
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            var local = Self.socketAddress(address, port)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw .socketFailed("bind: \(reason)")
            }
        }

        deinit { close(descriptor) }

        static func socketAddress(_ address: UInt32, _ port: UInt16) -> sockaddr_in {
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = port.bigEndian
            socketAddress.sin_addr.s_addr = address.bigEndian
            return socketAddress
        }

        /// Sends multicast probes out of the interface that has `interfaceAddress`, TTL 1, looped back locally.
        func configureMulticast(interfaceAddress: UInt32) throws(DiscovererError) {
            var interface = in_addr(s_addr: interfaceAddress.bigEndian)
            var ttl: UInt8 = 1
            var loop: UInt8 = 1
            guard setsockopt(descriptor, Int32(IPPROTO_IP), IP_MULTICAST_IF, &interface, socklen_t(MemoryLayout<in_addr>.size)) == 0,
                setsockopt(descriptor, Int32(IPPROTO_IP), IP_MULTICAST_TTL, &ttl, 1) == 0,
                setsockopt(descriptor, Int32(IPPROTO_IP), IP_MULTICAST_LOOP, &loop, 1) == 0
            else {
                throw .multicastUnavailable(String(cString: strerror(errno)))
            }
        }

        /// Sends one datagram; false when the kernel refused it (buffer full, unreachable).
        @discardableResult
        func send(_ bytes: [UInt8], to address: UInt32, port: UInt16) -> Bool {
            var remote = Self.socketAddress(address, port)
            let sent = bytes.withUnsafeBytes { buffer in
                withUnsafePointer(to: &remote) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(
                            descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), $0, socklen_t(MemoryLayout<sockaddr_in>.size)
                        )
                    }
                }
            }
            return sent == bytes.count
        }

        /// Waits up to `milliseconds` for a datagram to be readable.
        func waitReadable(milliseconds: Int32) -> Bool {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            return poll(&entry, 1, max(0, milliseconds)) > 0 && entry.revents & Int16(POLLIN) != 0
        }

        /// Reads one datagram if one is waiting: its bytes (at most `buffer.count`) and sender.
        func receive(into buffer: inout [UInt8]) -> (bytes: [UInt8], address: UInt32, port: UInt16)? {
            var remote = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let count = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &remote) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(descriptor, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, &length)
                    }
                }
            }
            // Errors such as ECONNREFUSED (ICMP port unreachable from an earlier probe) read as "nothing now".
            guard count >= 0 else { return nil }
            return (Array(buffer[0..<count]), UInt32(bigEndian: remote.sin_addr.s_addr), UInt16(bigEndian: remote.sin_port))
        }
    }
#endif
