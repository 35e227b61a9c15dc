#if canImport(Glibc)
    import Glibc
    import Synchronization

    /// Tells the sweep thread to stop from any thread, and wakes its epoll wait at once.
    ///
    /// The eventfd is closed under the same lock that `fire` writes under, so a late `fire` (the
    /// stream consumer going away after the sweep ended) never writes to a recycled descriptor.
    final class StopSignal: Sendable {
        private let descriptor: Mutex<Int32>
        private let stopped = Atomic<Bool>(false)

        /// Creates the eventfd; on failure the descriptor is -1 and the engine reports why.
        init() {
            let fd = LinuxEpoll.shared?.eventCounter(0, Int32(O_CLOEXEC) | Int32(O_NONBLOCK)) ?? -1
            creationError = fd >= 0 ? 0 : (LinuxEpoll.shared == nil ? ENOSYS : errno)
            descriptor = Mutex(fd)
        }

        /// The errno of a failed eventfd creation, or 0.
        let creationError: Int32

        /// The eventfd to register with epoll (valid until `close`), or -1.
        var fileDescriptor: Int32 { descriptor.withLock { $0 } }

        var isStopped: Bool { stopped.load(ordering: .acquiring) }

        func fire() {
            stopped.store(true, ordering: .releasing)
            descriptor.withLock { fd in
                guard fd >= 0 else { return }
                var one: UInt64 = 1
                _ = write(fd, &one, MemoryLayout<UInt64>.size)
            }
        }

        func close() {
            descriptor.withLock { fd in
                if fd >= 0 { _ = Glibc.close(fd) }
                fd = -1
            }
        }
    }
#endif
