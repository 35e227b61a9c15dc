#if canImport(Glibc)
    import CamAuditCore
    import Glibc
    import Synchronization

    /// Turns a host name into addresses with the system resolver, within a time limit.
    public enum HostResolver {
        /// Resolves `name` with getaddrinfo on a background thread; throws `SweepError.resolutionTimedOut`
        /// when it takes longer than `timeout` (the lookup thread is then left to finish on its own).
        public static func resolve(_ name: String, timeout: Duration) async throws -> [IPAddress] {
            try await withThrowingTaskGroup(of: [IPAddress].self) { group in
                group.addTask { try await lookUpOnThread(name) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw SweepError.resolutionTimedOut(name)
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw SweepError.resolutionTimedOut(name) }
                return first
            }
        }

        private static func lookUpOnThread(_ name: String) async throws -> [IPAddress] {
            let answer = LookupAnswer()
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[IPAddress], Error>) in
                    answer.install(continuation)
                    let started = DetachedThread.start { answer.deliver(lookUp(name)) }
                    if !started { answer.deliver(.failure(SweepError.threadUnavailable)) }
                }
            } onCancel: {
                answer.deliver(.failure(CancellationError()))
            }
        }

        /// A blocking getaddrinfo call; addresses in resolver order without duplicates.
        static func lookUp(_ name: String) -> Result<[IPAddress], Error> {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(name, nil, &hints, &list)
            guard status == 0 else { return .failure(SweepError.unresolved(name, String(cString: gai_strerror(status)))) }
            defer { freeaddrinfo(list) }
            var addresses: [IPAddress] = []
            var entry = list
            while let current = entry {
                if let address = current.pointee.ai_addr.flatMap({ IPAddress(socketAddress: $0) }), !addresses.contains(address) {
                    addresses.append(address)
                }
                entry = current.pointee.ai_next
            }
            guard !addresses.isEmpty else { return .failure(SweepError.unresolved(name, "no IPv4 or IPv6 address")) }
            return .success(addresses)
        }

        /// Hands one result to a continuation exactly once, whichever of the thread or a cancel comes first.
        private final class LookupAnswer: Sendable {
            private enum State {
                case idle
                case waiting(CheckedContinuation<[IPAddress], Error>)
                case answered(Result<[IPAddress], Error>)
                case done
            }
            private let state = Mutex<State>(.idle)

            func install(_ continuation: CheckedContinuation<[IPAddress], Error>) {
                let early = state.withLock { state -> Result<[IPAddress], Error>? in
                    if case .answered(let result) = state {
                        state = .done
                        return result
                    }
                    state = .waiting(continuation)
                    return nil
                }
                if let early { continuation.resume(with: early) }
            }

            func deliver(_ result: Result<[IPAddress], Error>) {
                let waiting = state.withLock { state -> CheckedContinuation<[IPAddress], Error>? in
                    switch state {
                    case .idle:
                        state = .answered(result)
                        return nil
                    case .waiting(let continuation):
                        state = .done
                        return continuation
                    case .answered, .done:
                        return nil
                    }
                }
                waiting?.resume(with: result)
            }
        }
    }

    extension IPAddress {
        /// Reads an AF_INET or AF_INET6 socket address; nil for other families.
        init?(socketAddress: UnsafePointer<sockaddr>) {
            switch Int32(socketAddress.pointee.sa_family) {
            case AF_INET:
                let value = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                self = .v4(UInt32(bigEndian: value))
            case AF_INET6:
                var high: UInt64 = 0
                var low: UInt64 = 0
                socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var raw = pointer.pointee.sin6_addr
                    withUnsafeBytes(of: &raw) { bytes in
                        high = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
                        low = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                    }
                }
                self = .v6(high: high, low: low)
            default:
                return nil
            }
        }
    }
#endif
