#if canImport(Glibc)
    import CamAuditCore
    import CamAuditDiscoveryProtocols
    import Glibc

    /// Fetches a UPnP device description with one bounded HTTP/1.0 GET to the address that answered SSDP.
    struct UDPDescriptionFetcher: Sendable {
        let timeout: Duration
        let maximumBytes: Int

        /// Why a `LOCATION` was not fetched.
        enum Refusal: Error, Equatable {
            case notHTTP
            case failed(String)
        }

        /// Splits `http://host[:port]/path`; the host is kept for notes only.
        static func parse(location: String) -> (host: String, port: UInt16, path: String)? {
            guard location.lowercased().hasPrefix("http://") else { return nil }
            let rest = location.dropFirst("http://".count)
            let authority = rest.prefix { $0 != "/" }
            let path = rest.dropFirst(authority.count)
            let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, let host = parts.first, !host.isEmpty else { return nil }
            let port: UInt16
            if parts.count == 2 { guard let parsed = UInt16(parts[1]) else { return nil }; port = parsed } else { port = 80 }
            return (String(host), port, path.isEmpty ? "/" : String(path))
        }

        /// The description body at the port and path of `location`, fetched from `responder` whatever host
        /// `location` names, if it answers 200 in time. A LOCATION naming another host must not turn one
        /// datagram into a request to a third party; and a device often names an address of another
        /// interface, or the one it had before, while the description is served on every interface.
        func fetch(location: String, responder: IPAddress) throws(Refusal) -> String {
            guard let parts = Self.parse(location: location) else { throw .notHTTP }
            guard case .v4(let address) = responder else { throw .failed("the answering host is not IPv4") }
            guard parts.path.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\r" && $0 != "\n" }) else { throw .notHTTP }
            let deadline = MonotonicClock.nanoseconds() &+ timeout.nanoseconds
            func remainingMilliseconds() -> Int32 {
                let now = MonotonicClock.nanoseconds()
                return now >= deadline ? 0 : Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000))
            }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw .failed("socket failed") }
            defer { close(fd) }
            var remote = UDPSocket.socketAddress(address, parts.port)
            let connected = withUnsafePointer(to: &remote) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 || errno == EINPROGRESS else { throw .failed("connect refused") }
            var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&entry, 1, remainingMilliseconds()) > 0 else { throw .failed("connect timed out") }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
            guard socketError == 0 else { throw .failed("connect failed") }
            let request = Array("GET \(parts.path) HTTP/1.0\r\nHost: \(responder):\(parts.port)\r\nConnection: close\r\n\r\n".utf8)
            let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == request.count else { throw .failed("send failed") }
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            while received.count < maximumBytes {
                entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&entry, 1, remainingMilliseconds()) > 0 else { throw .failed("read timed out") }
                let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count == 0 { break }
                if count < 0 { if errno == EAGAIN || errno == EINTR { continue }; throw .failed("read failed") }
                received += chunk[0..<count]
            }
            let text = String(decoding: received.prefix(maximumBytes), as: UTF8.self)
            guard text.hasPrefix("HTTP/1.1 200") || text.hasPrefix("HTTP/1.0 200") else { throw .failed("status was not 200") }
            guard let split = text.range(of: "\r\n\r\n") else { throw .failed("no header end") }
            return String(text[split.upperBound...])
        }
    }
#endif
