import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether this process may bind ports below 1024.
enum PrivilegedPorts {
    static func canBind() -> Bool {
        if geteuid() == 0 { return true }
        #if os(Linux)
            // Linux lets unprivileged processes bind from this port upward (default 1024).
            if let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_unprivileged_port_start", encoding: .utf8),
                let start = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return start <= 23
            }
            return false
        #else
            // macOS 10.14+ lets any user bind low ports.
            return true
        #endif
    }
}
