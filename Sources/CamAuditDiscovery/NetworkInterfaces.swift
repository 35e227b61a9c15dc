#if canImport(Glibc)
    import CamAuditCore
    import Glibc

    /// This machine's network interfaces, read with getifaddrs(3).
    public enum NetworkInterfaces {
        /// The first IPv4 address of the interface called `name` (`lo`, `eth0`, a veth end), or nil.
        public static func ipv4Address(named name: String) -> IPAddress? {
            var head: UnsafeMutablePointer<ifaddrs>?
            guard getifaddrs(&head) == 0, let first = head else { return nil }
            defer { freeifaddrs(head) }
            var cursor: UnsafeMutablePointer<ifaddrs>? = first
            while let entry = cursor {
                defer { cursor = entry.pointee.ifa_next }
                guard let socketAddress = entry.pointee.ifa_addr, socketAddress.pointee.sa_family == sa_family_t(AF_INET),
                    String(cString: entry.pointee.ifa_name) == name
                else { continue }
                let value = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    UInt32(bigEndian: $0.pointee.sin_addr.s_addr)
                }
                return .v4(value)
            }
            return nil
        }
    }
#endif
