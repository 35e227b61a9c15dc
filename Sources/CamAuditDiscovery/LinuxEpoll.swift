#if canImport(Glibc)
    import CEpoll
    import Glibc

    /// epoll and eventfd through the `CEpoll` shim, with the kernel's `struct epoll_event` layout read
    /// from C (packed, 12 bytes, on x86-64) so the sweeper can walk the event buffer without copies.
    struct LinuxEpoll {
        static let readable = camaudit_epoll_in
        static let writable = camaudit_epoll_out
        static let error = camaudit_epoll_err
        static let hangUp = camaudit_epoll_hup
        static let edgeTriggered = camaudit_epoll_et
        static let eventSize = Int(camaudit_epoll_event_size())
        static let dataOffset = Int(camaudit_epoll_data_offset())

        /// Always available on Linux; optional so callers keep one error path for a missing facility.
        static let shared: LinuxEpoll? = LinuxEpoll()

        func create(_ flags: Int32) -> Int32 { camaudit_epoll_create(flags) }
        func wait(_ epoll: Int32, _ events: UnsafeMutableRawPointer?, _ capacity: Int32, _ timeoutMs: Int32) -> Int32 {
            camaudit_epoll_wait(epoll, events, capacity, timeoutMs)
        }
        func eventCounter(_ initial: UInt32, _ flags: Int32) -> Int32 { camaudit_eventfd(initial, flags) }

        /// Registers `fd` for `events`, with `token` handed back in each readiness report.
        func add(epoll: Int32, fd: Int32, events: UInt32, token: UInt64) -> Bool {
            camaudit_epoll_add(epoll, fd, events, token) == 0
        }

        /// The flags of report `index` in a buffer filled by `wait`.
        @inline(__always)
        static func flags(in buffer: UnsafeMutableRawPointer, at index: Int) -> UInt32 {
            buffer.loadUnaligned(fromByteOffset: index &* eventSize, as: UInt32.self)
        }

        /// The token of report `index` in a buffer filled by `wait`.
        @inline(__always)
        static func token(in buffer: UnsafeMutableRawPointer, at index: Int) -> UInt64 {
            buffer.loadUnaligned(fromByteOffset: index &* eventSize &+ dataOffset, as: UInt64.self)
        }
    }
#endif
