#if canImport(Glibc)
    import Glibc

    /// Starts a detached POSIX thread: blocking loops (epoll, getaddrinfo) must not occupy the
    /// cooperative pool that async tasks run on.
    enum DetachedThread {
        private final class Body {
            let work: @Sendable () -> Void
            init(_ work: @escaping @Sendable () -> Void) { self.work = work }
        }

        /// Returns false when the thread could not be created (the work is then not run).
        static func start(_ work: @escaping @Sendable () -> Void) -> Bool {
            let context = Unmanaged.passRetained(Body(work)).toOpaque()
            var thread = pthread_t()
            let result = pthread_create(
                &thread, nil,
                { raw in
                    guard let raw else { return nil }
                    Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().work()
                    return nil
                }, context)
            guard result == 0 else {
                Unmanaged<Body>.fromOpaque(context).release()
                return false
            }
            pthread_detach(thread)
            return true
        }
    }
#endif
