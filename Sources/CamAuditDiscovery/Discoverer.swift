#if canImport(Glibc)
    import CamAuditCore
    import CamAuditDiscoveryProtocols
    import Foundation
    import Glibc

    /// Finds devices by their own UDP discovery protocols: SADP, DHDiscover, WS-Discovery, SSDP and mDNS.
    ///
    /// Unicast mode probes a target list and drops replies from any address it did not probe;
    /// multicast mode probes the well-known groups out of one interface. Every reply is parsed by
    /// `UDPReplyParser`; broken ones become notes, never observations.
    public struct Discoverer: Sendable {
        public let configuration: DiscovererConfiguration

        public init(configuration: DiscovererConfiguration = DiscovererConfiguration()) {
            self.configuration = configuration
        }

        /// Probes each IPv4 target with every configured protocol and waits `timeout` after the last probe.
        public func discover(unicast targets: [IPAddress], timeout: Duration) async -> DiscoveryResult {
            var addresses: [UInt32] = []
            var seen = Set<UInt32>()
            var skipped = 0
            for target in targets {
                guard case .v4(let value) = target else { skipped += 1; continue }
                if seen.insert(value).inserted { addresses.append(value) }
            }
            var result: DiscoveryResult
            do {
                result = try await collect(mode: .unicast(addresses), timeout: timeout)
            } catch {
                result = DiscoveryResult(notes: [error.description])
            }
            if skipped > 0 { result.notes.append("\(skipped) IPv6 target(s) skipped: UDP discovery probes IPv4 only") }
            return result
        }

        /// Probes the discovery multicast groups out of the interface that has `interfaceAddress`.
        public func discover(multicastOn interfaceAddress: IPAddress, timeout: Duration) async throws(DiscovererError) -> DiscoveryResult {
            guard case .v4(let value) = interfaceAddress else { throw .interfaceAddressNotIPv4(interfaceAddress.description) }
            return try await collect(mode: .multicast(interface: value), timeout: timeout)
        }

        // MARK: - Receive loop

        enum Mode: Sendable {
            case unicast([UInt32])
            case multicast(interface: UInt32)
        }

        /// What the receive loop gathered, before description fetches.
        struct Gathered: Sendable {
            var readings: [(address: UInt32, reading: UDPReplyParser.Reading)] = []
            var dropped = 0
            /// Replies read per address, to enforce `maximumRepliesPerHost`.
            var repliesRead: [UInt32: Int] = [:]
            /// Addresses that went past the limit, and how many of their replies were dropped.
            var excess: [UInt32: Int] = [:]
            /// Replies dropped from addresses past `maximumHosts` (counted, not kept per address).
            var excessFromOthers = 0
            var notes: [String] = []
        }

        private func collect(mode: Mode, timeout: Duration) async throws(DiscovererError) -> DiscoveryResult {
            let configuration = self.configuration
            let outcome: Result<Gathered, DiscovererError> = await withCheckedContinuation { continuation in
                let started = DetachedThread.start {
                    do throws(DiscovererError) {
                        continuation.resume(
                            returning: .success(try Self.gather(mode: mode, timeout: timeout, configuration: configuration)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
                if !started { continuation.resume(returning: .failure(.threadUnavailable)) }
            }
            let gathered = try outcome.get()
            return await assemble(gathered)
        }

        static func gather(mode: Mode, timeout: Duration, configuration: DiscovererConfiguration) throws(DiscovererError) -> Gathered {
            let socket = try UDPSocket()
            var gathered = Gathered()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let token = UUID()
            let probed: Set<UInt32>?
            func drain() {
                while let datagram = socket.receive(into: &buffer) {
                    if let probed, !probed.contains(datagram.address) {
                        gathered.dropped += 1
                        continue
                    }
                    let read = gathered.repliesRead[datagram.address] ?? 0
                    guard read < configuration.maximumRepliesPerHost,
                        read > 0 || gathered.repliesRead.count < configuration.maximumHosts
                    else {
                        if read > 0 { gathered.excess[datagram.address, default: 0] += 1 } else { gathered.excessFromOthers += 1 }
                        continue
                    }
                    gathered.repliesRead[datagram.address] = read + 1
                    gathered.readings.append((datagram.address, UDPReplyParser.read(datagram.bytes)))
                }
            }
            func send(_ bytes: [UInt8], to address: UInt32, port: UInt16) {
                if socket.send(bytes, to: address, port: port) { return }
                // The send queue is full: let it empty a little, reading replies meanwhile, and try once more.
                _ = socket.waitReadable(milliseconds: 5)
                drain()
                if !socket.send(bytes, to: address, port: port) {
                    gathered.notes.append("could not send a probe to \(IPAddress.v4(address)):\(port)")
                }
            }
            switch mode {
            case .unicast(let addresses):
                probed = Set(addresses)
                let probes = configuration.protocols.map { ($0.probe(token: token), configuration.port(for: $0)) }
                for (index, address) in addresses.enumerated() {
                    for (bytes, port) in probes { send(bytes, to: address, port: port) }
                    if (index + 1) % configuration.targetsPerBurst == 0 {
                        _ = socket.waitReadable(milliseconds: 1)
                        drain()
                    }
                }
            case .multicast(let interface):
                probed = nil
                try socket.configureMulticast(interfaceAddress: interface)
                for discoveryProtocol in configuration.protocols {
                    guard let group = IPAddress(discoveryProtocol.multicastGroup), case .v4(let groupValue) = group else { continue }
                    send(discoveryProtocol.probe(token: token), to: groupValue, port: configuration.port(for: discoveryProtocol))
                }
            }
            let deadline = MonotonicClock.nanoseconds() &+ timeout.nanoseconds
            while true {
                let now = MonotonicClock.nanoseconds()
                guard now < deadline else { break }
                let milliseconds = Int32(min(UInt64(1000), (deadline - now) / 1_000_000 + 1))
                if socket.waitReadable(milliseconds: milliseconds) { drain() }
            }
            drain()
            return gathered
        }

        // MARK: - Assembly and description fetches

        private func assemble(_ gathered: Gathered) async -> DiscoveryResult {
            var result = DiscoveryResult(droppedUnsolicited: gathered.dropped)
            result.notes = gathered.notes
            result.droppedExcess = gathered.excess.values.reduce(gathered.excessFromOthers, +)
            for (value, count) in gathered.excess.sorted(by: { $0.key < $1.key }).prefix(50) {
                result.notes.append(
                    "\(IPAddress.v4(value)): \(count) more discovery replies dropped unread; the first \(configuration.maximumRepliesPerHost) were read"
                )
            }
            if gathered.excessFromOthers > 0 {
                result.notes.append(
                    "\(gathered.excessFromOthers) discovery replies from addresses past the first \(configuration.maximumHosts) dropped unread"
                )
            }
            var seen: [IPAddress: Set<Observation>] = [:]
            var locations: [(IPAddress, String)] = []
            var seenLocations = Set<String>()
            func add(_ observation: Observation, for address: IPAddress) {
                if seen[address, default: []].insert(observation).inserted {
                    result.observations[address, default: []].append(observation)
                }
            }
            for (value, reading) in gathered.readings {
                let address = IPAddress.v4(value)
                switch reading {
                case .reply(_, let observations, let location):
                    for observation in observations { add(observation, for: address) }
                    if let location, seenLocations.insert("\(address) \(location)").inserted { locations.append((address, location)) }
                case .malformed(let discoveryProtocol, let reason):
                    result.malformedReplies += 1
                    if result.notes.count < 200 {
                        result.notes.append("\(address): malformed \(discoveryProtocol?.rawValue ?? "discovery") reply ignored: \(reason)")
                    }
                }
            }
            guard configuration.fetchesDeviceDescriptions, !locations.isEmpty else { return result }
            let fetcher = UDPDescriptionFetcher(
                timeout: configuration.descriptionTimeout, maximumBytes: configuration.maximumDescriptionBytes)
            let limit = configuration.concurrentDescriptionFetches
            await withTaskGroup(of: (IPAddress, String, Result<String, UDPDescriptionFetcher.Refusal>).self) { group in
                var next = 0
                func startNext() {
                    guard next < locations.count else { return }
                    let (address, location) = locations[next]
                    next += 1
                    group.addTask {
                        let outcome: Result<String, UDPDescriptionFetcher.Refusal> = await withCheckedContinuation { continuation in
                            let started = DetachedThread.start {
                                do throws(UDPDescriptionFetcher.Refusal) {
                                    continuation.resume(returning: .success(try fetcher.fetch(location: location, responder: address)))
                                } catch {
                                    continuation.resume(returning: .failure(error))
                                }
                            }
                            if !started { continuation.resume(returning: .failure(.failed("no thread"))) }
                        }
                        return (address, location, outcome)
                    }
                }
                for _ in 0..<limit { startNext() }
                while let (address, location, outcome) = await group.next() {
                    switch outcome {
                    case .success(let body):
                        let port = UDPDescriptionFetcher.parse(location: location)?.port
                        let observations = UDPReplyParser.readDeviceDescription(body, port: port)
                        if observations.isEmpty {
                            result.notes.append("\(address): the UPnP description at \(location) has no device fields")
                        }
                        if let named = UDPDescriptionFetcher.parse(location: location)?.host, IPAddress(named) != address {
                            result.notes.append(
                                "\(address): SSDP LOCATION names \(named); the description was read from the answering host")
                        }
                        for observation in observations { add(observation, for: address) }
                    case .failure(.notHTTP):
                        result.notes.append("\(address): SSDP LOCATION is not a plain http:// URL; not fetched")
                    case .failure(.failed(let reason)):
                        result.notes.append("\(address): UPnP description fetch failed (\(reason))")
                    }
                    startNext()
                }
            }
            return result
        }
    }
#endif
