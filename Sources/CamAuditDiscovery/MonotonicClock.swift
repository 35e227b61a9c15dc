#if canImport(Glibc)
    import Glibc

    /// Nanoseconds from CLOCK_MONOTONIC: one vDSO call, cheap enough for the probe loop.
    enum MonotonicClock {
        static func nanoseconds() -> UInt64 {
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
        }

        /// Converts a continuous-clock deadline into this clock's nanoseconds.
        static func nanoseconds(at deadline: ContinuousClock.Instant) -> UInt64 {
            let now = nanoseconds()
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return now }
            return now &+ remaining.nanoseconds
        }
    }

    extension Duration {
        /// The duration in whole nanoseconds, clamped to zero and about 292 years.
        var nanoseconds: UInt64 {
            if self <= .zero { return 0 }
            let (seconds, attoseconds) = components
            if seconds >= 9_000_000_000 { return UInt64(Int64.max) }
            return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
        }
    }
#endif
