import CamAuditCore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc

    /// Plain listening sockets that stand in for lab devices during `camaudit-bench sweep`: they
    /// accept each connection and close it at once, from one poll(2) thread.
    final class BenchListeners: Sendable {
        /// The address and port of every socket that is listening.
        let endpoints: [(address: IPAddress, port: UInt16)]
        /// Endpoints that could not be bound (already in use by something else), with the reason.
        let skipped: [String]
        private let descriptors: [Int32]
        private let running = Atomic<Bool>(true)
        private let finished = Atomic<Bool>(false)

        /// Binds `count` listeners spread over the /16 at `base`, cycling through `ports`.
        init(base: UInt32, count: Int, ports: [UInt16]) {
            var endpoints: [(IPAddress, UInt16)] = []
            var skipped: [String] = []
            var descriptors: [Int32] = []
            for index in 0..<count {
                // A fixed, spread-out pattern: the same run-to-run, and not clustered in one /24.
                let host = UInt32((index &* 7919 &+ 101) & 0xffff)
                let address = base & 0xffff_0000 | host
                let port = ports[(index &* 5) % ports.count]
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
                guard fd >= 0 else { skipped.append("\(IPAddress.v4(address)):\(port): socket failed"); continue }
                var socketAddress = sockaddr_in()
                socketAddress.sin_family = sa_family_t(AF_INET)
                socketAddress.sin_port = port.bigEndian
                socketAddress.sin_addr.s_addr = address.bigEndian
                let bound = withUnsafePointer(to: &socketAddress) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard bound == 0, listen(fd, 512) == 0 else {
                    skipped.append("\(IPAddress.v4(address)):\(port): \(String(cString: strerror(errno)))")
                    close(fd)
                    continue
                }
                descriptors.append(fd)
                endpoints.append((.v4(address), port))
            }
            self.endpoints = endpoints
            self.skipped = skipped
            self.descriptors = descriptors
            let thread = Thread { [self] in acceptUntilStopped() }
            thread.start()
        }

        private func acceptUntilStopped() {
            var polled = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            while running.load(ordering: .acquiring) {
                let ready = poll(&polled, nfds_t(polled.count), 50)
                guard ready > 0 else { continue }
                for index in polled.indices where polled[index].revents != 0 {
                    while true {
                        let connection = accept(polled[index].fd, nil, nil)
                        if connection < 0 { break }
                        close(connection)
                    }
                }
            }
            for fd in descriptors { close(fd) }
            finished.store(true, ordering: .releasing)
        }

        /// Stops the accept thread and closes the listeners.
        func stop() {
            running.store(false, ordering: .releasing)
            while !finished.load(ordering: .acquiring) { usleep(10_000) }
        }
    }
#endif
