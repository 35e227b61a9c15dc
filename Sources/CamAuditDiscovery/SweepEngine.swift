#if canImport(Glibc)
    import CamAuditCore
    import Glibc

    /// The epoll loop behind `TCPSweeper`, owned by one thread from `run()` to its end.
    ///
    /// Every per-probe structure is a fixed-size table allocated up front (slots for pending
    /// connects, records for hosts being probed), so the hot path does no heap allocation; only an
    /// open port (rare) appends to a host's list. Probes go out host-major: all ports of one
    /// address, then the next, so an address's ports are decided close together and it can be
    /// reported as soon as its last port is.
    ///
    /// A refused connect leaves its socket reusable: reading the result with a second `connect`
    /// (the classic idiom) also resets the socket, so the next probe in that slot needs one `connect`
    /// instead of `socket` + `epoll_ctl` + `connect` + `close`. Sockets stay registered with epoll
    /// edge-triggered, so an idle one never reports. Open and timed-out sockets are closed.
    final class SweepEngine {
        typealias Emit = (SweepEvent) -> Void

        /// How many connects start per loop turn before the loop collects answers again; small
        /// enough that answers are read while they are fresh, large enough to amortise epoll_wait.
        private static let launchBatch = 256
        private static let eventCapacity: Int32 = 1024
        private static let progressIntervalNs: UInt64 = 100_000_000
        private static let backoffNs: UInt64 = 1_000_000
        /// How long socket creation may keep failing with nothing pending before the sweep gives up.
        private static let stallLimitNs: UInt64 = 5_000_000_000
        private static let stopToken = UInt64.max

        private let portsHostOrder: [UInt16]
        private let portsNetworkOrder: UnsafeMutableBufferPointer<UInt16>
        private let portCount: Int
        private let capacity: Int
        private let timeoutNs: UInt64
        private let rate: Int?
        private let deadlineNs: UInt64?
        private let stop: StopSignal
        private let emit: Emit
        private let epollFD: Int32

        // Slots: one per pending connect; `oldest...newest` is a list in start order, which is also
        // deadline order because every connect gets the same timeout. A free slot may keep an idle
        // socket (registered with epoll under the slot's number) for its next probe.
        private let slotFD: UnsafeMutablePointer<Int32>
        private let slotIsV4: UnsafeMutablePointer<Bool>
        private let slotActive: UnsafeMutablePointer<Bool>
        private let slotHost: UnsafeMutablePointer<Int32>
        private let slotPort: UnsafeMutablePointer<Int32>
        private let slotDeadline: UnsafeMutablePointer<UInt64>
        private let slotPrevious: UnsafeMutablePointer<Int32>
        private let slotNext: UnsafeMutablePointer<Int32>
        private let freeSlots: UnsafeMutablePointer<Int32>
        private var freeSlotCount: Int
        private var oldest: Int32 = -1
        private var newest: Int32 = -1
        private var inFlight = 0
        private var peakInFlight = 0

        // Hosts being probed: at most one per pending connect plus the one being started.
        private let hostCapacity: Int
        private let hostAddress: UnsafeMutablePointer<IPAddress>
        private let hostPending: UnsafeMutablePointer<Int32>
        private let freeHosts: UnsafeMutablePointer<Int32>
        private var freeHostCount: Int
        private var openByHost: [Int32: [UInt16]] = [:]

        private var targets: TargetSet.Iterator
        private var currentHost: Int32 = -1
        private var currentIsV4 = true
        private var nextPortIndex = 0
        private var exhausted = false

        private let v4Address: UnsafeMutablePointer<sockaddr_in>
        private let v6Address: UnsafeMutablePointer<sockaddr_in6>
        private let epoll: LinuxEpoll
        private let events: UnsafeMutableRawPointer

        private var probesSent: UInt64 = 0
        private var openCount = 0
        private var closedCount: UInt64 = 0
        private var filteredCount: UInt64 = 0
        private var addressesDone: UInt64 = 0
        private let addressesTotal: UInt64
        private var startNs: UInt64 = 0
        private var backoffUntil: UInt64 = 0
        private var stalledSince: UInt64?
        private var lastResourceError: Int32 = 0

        init(configuration: SweepConfiguration, targets: TargetSet, deadlineNs: UInt64?, stop: StopSignal, emit: @escaping Emit)
            throws(SweepError)
        {
            guard !configuration.ports.isEmpty else { throw .noPorts }
            guard configuration.maxInFlight > 0 else { throw .invalidConfiguration("the connections in flight must be at least 1") }
            guard configuration.connectTimeout > .zero else { throw .invalidConfiguration("the connect timeout must be positive") }
            if let rate = configuration.probesPerSecond, rate <= 0 {
                throw .invalidConfiguration("the probe rate must be at least 1 per second")
            }
            guard stop.creationError == 0 else { throw .eventLoopUnavailable(String(cString: strerror(stop.creationError))) }
            guard let epoll = LinuxEpoll.shared else { throw .eventLoopUnavailable("epoll is not available in this C library") }
            let epollFD = epoll.create(Int32(O_CLOEXEC))
            guard epollFD >= 0 else { throw .eventLoopUnavailable(String(cString: strerror(errno))) }
            guard epoll.add(epoll: epollFD, fd: stop.fileDescriptor, events: LinuxEpoll.readable, token: SweepEngine.stopToken) else {
                let why = String(cString: strerror(errno))
                close(epollFD)
                throw .eventLoopUnavailable(why)
            }
            self.epollFD = epollFD
            self.epoll = epoll
            self.stop = stop
            self.emit = emit
            self.deadlineNs = deadlineNs
            self.rate = configuration.probesPerSecond
            self.timeoutNs = max(1, configuration.connectTimeout.nanoseconds)
            self.capacity = SweepEngine.inFlightLimit(requested: configuration.maxInFlight)
            self.portsHostOrder = configuration.ports
            self.portCount = configuration.ports.count
            portsNetworkOrder = .allocate(capacity: portCount)
            for (index, port) in configuration.ports.enumerated() { portsNetworkOrder[index] = port.bigEndian }
            self.targets = targets.makeIterator()
            addressesTotal = targets.count

            slotFD = .allocate(capacity: capacity)
            slotFD.initialize(repeating: -1, count: capacity)
            slotIsV4 = .allocate(capacity: capacity)
            slotIsV4.initialize(repeating: true, count: capacity)
            slotActive = .allocate(capacity: capacity)
            slotActive.initialize(repeating: false, count: capacity)
            slotHost = .allocate(capacity: capacity)
            slotPort = .allocate(capacity: capacity)
            slotDeadline = .allocate(capacity: capacity)
            slotPrevious = .allocate(capacity: capacity)
            slotNext = .allocate(capacity: capacity)
            freeSlots = .allocate(capacity: capacity)
            for index in 0..<capacity { freeSlots[index] = Int32(capacity - 1 - index) }
            freeSlotCount = capacity

            hostCapacity = capacity + 2
            hostAddress = .allocate(capacity: hostCapacity)
            hostAddress.initialize(repeating: .v4(0), count: hostCapacity)
            hostPending = .allocate(capacity: hostCapacity)
            freeHosts = .allocate(capacity: hostCapacity)
            for index in 0..<hostCapacity { freeHosts[index] = Int32(hostCapacity - 1 - index) }
            freeHostCount = hostCapacity

            v4Address = .allocate(capacity: 1)
            v4Address.initialize(to: sockaddr_in())
            v4Address.pointee.sin_family = sa_family_t(AF_INET)
            v6Address = .allocate(capacity: 1)
            v6Address.initialize(to: sockaddr_in6())
            v6Address.pointee.sin6_family = sa_family_t(AF_INET6)
            events = .allocate(byteCount: Int(SweepEngine.eventCapacity) * LinuxEpoll.eventSize, alignment: 8)
        }

        deinit {
            closeAllPending()
            for slot in 0..<capacity where slotFD[slot] >= 0 { close(slotFD[slot]) }
            close(epollFD)
            portsNetworkOrder.deallocate()
            slotFD.deallocate()
            slotIsV4.deallocate()
            slotActive.deallocate()
            slotHost.deallocate()
            slotPort.deallocate()
            slotDeadline.deallocate()
            slotPrevious.deallocate()
            slotNext.deallocate()
            freeSlots.deallocate()
            hostAddress.deinitialize(count: hostCapacity)
            hostAddress.deallocate()
            hostPending.deallocate()
            freeHosts.deallocate()
            v4Address.deallocate()
            v6Address.deallocate()
            events.deallocate()
        }

        /// The requested in-flight count, lowered so that pending sockets plus a reserve for the rest of
        /// the process fit under the soft RLIMIT_NOFILE.
        static func inFlightLimit(requested: Int) -> Int {
            var limit = rlimit()
            guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return max(1, min(requested, 256)) }
            let soft = limit.rlim_cur > UInt(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
            let reserve = max(64, soft / 10)
            return max(1, min(requested, soft - reserve))
        }

        /// Runs the sweep to its end, the deadline or a stop; returns nil when stopped.
        func run() throws(SweepError) -> SweepSummary? {
            startNs = MonotonicClock.nanoseconds()
            var nextProgressNs = startNs + SweepEngine.progressIntervalNs
            var completed = true
            while true {
                if stop.isStopped {
                    closeAllPending()
                    return nil
                }
                var now = MonotonicClock.nanoseconds()
                if let deadlineNs, now >= deadlineNs {
                    completed = exhausted && inFlight == 0
                    break
                }
                let rateLimited = try launch(now: now)
                if exhausted && inFlight == 0 { break }

                // Block only when there is nothing to start right now.
                var waitNs: UInt64 = nextProgressNs > now ? nextProgressNs - now : 0
                let canStartMore = !exhausted && freeSlotCount > 0 && freeHostCount > 0
                if canStartMore {
                    if backoffUntil > now {
                        waitNs = min(waitNs, backoffUntil - now)
                    } else if let rate, rateLimited {
                        waitNs = min(waitNs, max(1_000_000, 1_000_000_000 / UInt64(rate)))
                    } else {
                        waitNs = 0
                    }
                }
                if oldest >= 0 { waitNs = min(waitNs, slotDeadline[Int(oldest)] > now ? slotDeadline[Int(oldest)] - now : 0) }
                if let deadlineNs { waitNs = min(waitNs, deadlineNs > now ? deadlineNs - now : 0) }
                let waitMs = Int32(clamping: (waitNs + 999_999) / 1_000_000)

                let count = epoll.wait(epollFD, events, SweepEngine.eventCapacity, waitMs)
                if count > 0 { collect(count) }
                now = MonotonicClock.nanoseconds()
                expire(now: now)
                if now >= nextProgressNs {
                    emit(.progress(progress))
                    nextProgressNs = now + SweepEngine.progressIntervalNs
                }
            }
            closeAllPending()
            let elapsedNs = MonotonicClock.nanoseconds() - startNs
            emit(.progress(progress))
            return SweepSummary(
                probesSent: probesSent, open: openCount, closed: closedCount, filtered: filteredCount,
                elapsed: .nanoseconds(Int64(elapsedNs)), completed: completed, peakInFlight: peakInFlight)
        }

        private var progress: SweepProgress {
            SweepProgress(addressesDone: addressesDone, addressesTotal: addressesTotal, probesSent: probesSent, openPorts: openCount)
        }

        // MARK: Starting connects

        /// Starts a batch of connects; returns true when the rate limit is what stopped it.
        private func launch(now: UInt64) throws(SweepError) -> Bool {
            guard now >= backoffUntil else { return false }
            var budget = min(freeSlotCount, SweepEngine.launchBatch)
            var rateLimited = false
            if let rate {
                // A token bucket with a burst of 1/100 s, so a slow rate is smooth from the start.
                let burst = UInt64(max(1, rate / 100))
                let allowed = burst + (now - startNs) * UInt64(rate) / 1_000_000_000
                let allowance = allowed > probesSent ? Int(clamping: allowed - probesSent) : 0
                if allowance < budget {
                    budget = allowance
                    rateLimited = true
                }
            }
            while budget > 0, !exhausted {
                if currentHost < 0 || nextPortIndex == portCount {
                    guard startNextHost() else { return rateLimited }
                }
                let slot = freeSlots[freeSlotCount - 1]
                var fd = slotFD[Int(slot)]
                if fd >= 0, slotIsV4[Int(slot)] != currentIsV4 {
                    close(fd)
                    fd = -1
                    slotFD[Int(slot)] = -1
                }
                if fd < 0 {
                    fd = socket(
                        currentIsV4 ? AF_INET : AF_INET6,
                        Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
                    if fd < 0 {
                        let code = errno
                        if code == EAFNOSUPPORT { throw .addressFamilyUnsupported(hostAddress[Int(currentHost)].description) }
                        try backOff(now: now, code: code)
                        return false
                    }
                    guard epoll.add(epoll: epollFD, fd: fd, events: LinuxEpoll.writable | LinuxEpoll.edgeTriggered, token: UInt64(slot))
                    else {
                        let failure = errno
                        close(fd)
                        try backOff(now: now, code: failure)
                        return false
                    }
                    slotFD[Int(slot)] = fd
                    slotIsV4[Int(slot)] = currentIsV4
                }
                let portIndex = nextPortIndex
                let code = connect(fd, portIndex: portIndex)
                switch code {
                case EINPROGRESS:
                    freeSlotCount -= 1
                    occupy(slot: slot, portIndex: portIndex, deadline: now + timeoutNs)
                case EAGAIN, EADDRNOTAVAIL, ENOBUFS, ENOMEM:
                    // Out of ephemeral ports or kernel memory: retry this same probe once answers free some.
                    dropSocket(slot: slot)
                    try backOff(now: now, code: code)
                    return false
                default:
                    // Decided without waiting (rare: loopback and LANs answer asynchronously). The
                    // socket's state is less certain than after an asynchronous answer, so it goes.
                    dropSocket(slot: slot, resetting: code == 0)
                    decide(host: currentHost, portIndex: portIndex, outcome: code == 0 ? .open : code == ECONNREFUSED ? .closed : .filtered)
                }
                probesSent += 1
                nextPortIndex += 1
                budget -= 1
                stalledSince = nil
            }
            return rateLimited
        }

        /// Starts a connect from `fd` to the current host on port `portIndex`; returns 0 or the errno.
        @inline(__always)
        private func connect(_ fd: Int32, portIndex: Int) -> Int32 {
            let result: Int32
            if currentIsV4 {
                v4Address.pointee.sin_port = portsNetworkOrder[portIndex]
                result = v4Address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            } else {
                v6Address.pointee.sin6_port = portsNetworkOrder[portIndex]
                result = v6Address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
            return result == 0 ? 0 : errno
        }

        /// Reads the answer to a pending connect by calling `connect` again on the same socket: the
        /// kernel returns 0 once connected, EALREADY while still waiting, or the connect's error, and in
        /// the error case also resets the socket so that it can connect anew. The address is not used
        /// for a socket whose connect is in progress.
        @inline(__always)
        private func answer(of fd: Int32, isV4: Bool) -> Int32 {
            let result: Int32
            if isV4 {
                result = v4Address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            } else {
                result = v6Address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
            return result == 0 ? 0 : errno
        }

        /// Closes a slot's socket; `resetting` sends RST first (for a connected socket).
        private func dropSocket(slot: Int32, resetting: Bool = false) {
            let fd = slotFD[Int(slot)]
            guard fd >= 0 else { return }
            if resetting {
                // Linger {1, 0}: close sends RST, so the device sees no half-open session and this
                // side keeps no TIME_WAIT entry.
                var linger = linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            }
            close(fd)
            slotFD[Int(slot)] = -1
        }

        private func backOff(now: UInt64, code: Int32) throws(SweepError) {
            lastResourceError = code
            backoffUntil = now + SweepEngine.backoffNs
            if inFlight > 0 {
                stalledSince = nil
                return
            }
            // Nothing pending will free a resource: only time (another sweep ending) can help.
            let since = stalledSince ?? now
            stalledSince = since
            if now - since > SweepEngine.stallLimitNs {
                throw .resourcesExhausted(String(cString: strerror(code)))
            }
        }

        private func startNextHost() -> Bool {
            guard freeHostCount > 0, let address = targets.next() else {
                if freeHostCount > 0 { exhausted = true }
                return false
            }
            freeHostCount -= 1
            let host = freeHosts[freeHostCount]
            hostAddress[Int(host)] = address
            hostPending[Int(host)] = Int32(portCount)
            switch address {
            case .v4(let value):
                currentIsV4 = true
                v4Address.pointee.sin_addr.s_addr = value.bigEndian
            case .v6(let high, let low):
                currentIsV4 = false
                withUnsafeMutableBytes(of: &v6Address.pointee.sin6_addr) { bytes in
                    bytes.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
                    bytes.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
                }
            }
            currentHost = host
            nextPortIndex = 0
            return true
        }

        // MARK: Pending connects

        private func occupy(slot: Int32, portIndex: Int, deadline: UInt64) {
            let index = Int(slot)
            slotActive[index] = true
            slotHost[index] = currentHost
            slotPort[index] = Int32(portIndex)
            slotDeadline[index] = deadline
            slotPrevious[index] = newest
            slotNext[index] = -1
            if newest >= 0 { slotNext[Int(newest)] = slot } else { oldest = slot }
            newest = slot
            inFlight += 1
            if inFlight > peakInFlight { peakInFlight = inFlight }
        }

        private func release(slot: Int32) {
            let index = Int(slot)
            let previous = slotPrevious[index]
            let next = slotNext[index]
            if previous >= 0 { slotNext[Int(previous)] = next } else { oldest = next }
            if next >= 0 { slotPrevious[Int(next)] = previous } else { newest = previous }
            freeSlots[freeSlotCount] = slot
            freeSlotCount += 1
            inFlight -= 1
            slotActive[index] = false
        }

        private func collect(_ count: Int32) {
            let errorFlags = LinuxEpoll.error | LinuxEpoll.hangUp
            let writable = LinuxEpoll.writable
            for index in 0..<Int(count) {
                let token = LinuxEpoll.token(in: events, at: index)
                if token == SweepEngine.stopToken { continue }
                let slot = Int32(truncatingIfNeeded: token)
                // An idle socket can still carry a stale edge from its previous probe.
                guard slotActive[Int(slot)] else { continue }
                let flags = LinuxEpoll.flags(in: events, at: index)
                let code: Int32
                if flags & writable != 0, flags & errorFlags == 0 {
                    code = 0
                } else {
                    code = answer(of: slotFD[Int(slot)], isV4: slotIsV4[Int(slot)])
                    if code == EALREADY || code == EINPROGRESS { continue }
                }
                let host = slotHost[Int(slot)]
                let portIndex = Int(slotPort[Int(slot)])
                release(slot: slot)
                switch code {
                case 0, EISCONN, ECONNRESET:
                    // ECONNRESET: the handshake completed and the service reset it before this loop
                    // looked; a port that completes a handshake is open.
                    dropSocket(slot: slot, resetting: true)
                    decide(host: host, portIndex: portIndex, outcome: .open)
                case ECONNREFUSED:
                    decide(host: host, portIndex: portIndex, outcome: .closed)
                default:
                    decide(host: host, portIndex: portIndex, outcome: .filtered)
                }
            }
        }

        private func expire(now: UInt64) {
            while oldest >= 0, slotDeadline[Int(oldest)] <= now {
                let slot = oldest
                let host = slotHost[Int(slot)]
                let portIndex = Int(slotPort[Int(slot)])
                release(slot: slot)
                // Still in SYN_SENT: closing it sends nothing and leaves no TIME_WAIT.
                dropSocket(slot: slot)
                decide(host: host, portIndex: portIndex, outcome: .filtered)
            }
        }

        private enum ProbeOutcome { case open, closed, filtered }

        /// Records a probe's answer; reports the host once its last port is decided.
        private func decide(host: Int32, portIndex: Int, outcome: ProbeOutcome) {
            switch outcome {
            case .open:
                openCount += 1
                openByHost[host, default: []].append(portsHostOrder[portIndex])
            case .closed:
                closedCount += 1
            case .filtered:
                filteredCount += 1
            }
            let index = Int(host)
            hostPending[index] -= 1
            if hostPending[index] == 0 {
                addressesDone += 1
                if let open = openByHost.removeValue(forKey: host) {
                    emit(.host(hostAddress[index], openPorts: open.sorted()))
                }
                freeHosts[freeHostCount] = host
                freeHostCount += 1
            }
        }

        private func closeAllPending() {
            while oldest >= 0 {
                let slot = oldest
                release(slot: slot)
                dropSocket(slot: slot)
            }
        }
    }
#endif
