import CamAuditCore
import CamAuditDiscovery
import Foundation
import Testing

/// Every test here opens its own sockets on 127.77.x.y and never lists port 2024 (open on every
/// loopback address on the build machine). Serialized: the descriptor counts must not see a
/// neighbouring test's sockets.
@Suite(.serialized)
struct TCPSweeperTests {
    static func v4(_ text: String) -> IPAddress { IPAddress(text)! }

    static func targets(_ text: String) throws -> TargetSet {
        guard case .range(let range) = try TargetSpecification(parsing: text).kind else {
            throw LoopbackSocket.Failure(description: "not a range")
        }
        return TargetSet(including: [range])
    }

    @Test func findsExactlyTheListeningPortsInASlash24() async throws {
        let first = try LoopbackSocket(address: Self.v4("127.77.1.10"))
        let second = try LoopbackSocket(address: Self.v4("127.77.1.37"))
        let reserved = try LoopbackSocket(address: Self.v4("127.77.1.10"), listening: false)
        let sameAsFirst = try LoopbackSocket(address: Self.v4("127.77.1.200"), port: first.port)
        let sameAsSecond = try LoopbackSocket(address: Self.v4("127.77.1.10"), port: second.port)
        let listeners = [first, second, sameAsFirst, sameAsSecond]
        let ports = [first.port, second.port, reserved.port]
        #expect(!ports.contains(2024))

        let sweeper = TCPSweeper(configuration: SweepConfiguration(ports: ports, maxInFlight: 200, connectTimeout: .seconds(2)))
        let (open, summary) = try await sweeper.sweep(try Self.targets("127.77.1.0/24"), deadline: .now + .seconds(20))

        let expected = Set(listeners.map { OpenPort(address: $0.address, port: $0.port) })
        #expect(Set(open) == expected)
        #expect(open.count == 4)
        #expect(open == open.sorted())
        #expect(summary.completed)
        #expect(summary.probesSent == 256 * 3)
        #expect(summary.open == 4)
        #expect(summary.closed == 256 * 3 - 4)
        #expect(summary.filtered == 0)
        #expect(summary.peakInFlight <= 200)
        withExtendedLifetime(reserved) {}
    }

    @Test func reportsEachHostOnceWithItsSortedPortsThenTheSummary() async throws {
        let low = try LoopbackSocket(address: Self.v4("127.77.6.5"))
        let high = try LoopbackSocket(address: Self.v4("127.77.6.5"))
        let other = try LoopbackSocket(address: Self.v4("127.77.6.9"), port: low.port)
        let ports = [max(low.port, high.port), min(low.port, high.port)]
        let sweeper = TCPSweeper(configuration: SweepConfiguration(ports: ports, maxInFlight: 3))
        var hosts: [IPAddress: [UInt16]] = [:]
        var hostEvents = 0
        var lastProgress: SweepProgress?
        var summary: SweepSummary?
        for try await event in sweeper.events(for: try Self.targets("127.77.6.0/28"), deadline: .now + .seconds(20)) {
            #expect(summary == nil, "nothing may follow the summary")
            switch event {
            case .host(let address, let open):
                hostEvents += 1
                hosts[address] = open
            case .progress(let progress): lastProgress = progress
            case .finished(let totals): summary = totals
            }
        }
        #expect(hostEvents == 2)
        #expect(hosts[low.address] == ports.sorted())
        #expect(hosts[other.address] == [low.port])
        #expect(lastProgress?.addressesDone == 16)
        #expect(lastProgress?.addressesTotal == 16)
        #expect(summary?.open == 3)
        withExtendedLifetime([low, high, other]) {}
    }

    @Test func sweepsIPv6Loopback() async throws {
        let loopback = IPAddress("::1")!
        let listener = try LoopbackSocket(address: loopback)
        let reserved = try LoopbackSocket(address: loopback, listening: false)
        let sweeper = TCPSweeper(configuration: SweepConfiguration(ports: [reserved.port, listener.port]))
        let (open, summary) = try await sweeper.sweep(TargetSet(including: [AddressRange(single: loopback)]), deadline: .now + .seconds(10))
        #expect(open == [OpenPort(address: loopback, port: listener.port)])
        #expect(summary.closed == 1)
        #expect(summary.completed)
    }

    @Test func stopsAtTheDeadline() async throws {
        let reserved = try LoopbackSocket(address: Self.v4("127.77.0.1"), listening: false)
        let sweeper = TCPSweeper(configuration: SweepConfiguration(ports: [reserved.port, reserved.port &+ 1]))
        let started = ContinuousClock.now
        let (_, summary) = try await sweeper.sweep(try Self.targets("127.77.0.0/16"), deadline: .now + .milliseconds(50))
        let took = ContinuousClock.now - started
        #expect(!summary.completed)
        #expect(summary.probesSent < 65536 * 2)
        #expect(took < .seconds(1))
    }

    @Test func keepsInFlightUnderTheLimitAndCountsTimeoutsAsFiltered() async throws {
        // 32 addresses whose port drops SYNs: every connect stays pending until its timeout.
        let first = try LoopbackSocket.blackHole(address: Self.v4("127.77.5.1"))
        var holes = [first]
        for last in 2...32 { holes.append(try LoopbackSocket.blackHole(address: Self.v4("127.77.5.\(last)"), port: first.listener.port)) }
        defer { for hole in holes { close(hole.filler) } }

        let sweeper = TCPSweeper(
            configuration: SweepConfiguration(ports: [first.listener.port], maxInFlight: 8, connectTimeout: .milliseconds(100)))
        let (open, summary) = try await sweeper.sweep(try Self.targets("127.77.5.1-32"), deadline: .now + .seconds(20))
        #expect(open.isEmpty)
        #expect(summary.peakInFlight == 8)
        #expect(summary.filtered == 32)
        // 32 connects, 8 at a time, 100 ms each: four rounds.
        #expect(summary.elapsed >= .milliseconds(380))
        #expect(summary.completed)
    }

    @Test func honoursTheRateLimit() async throws {
        let reserved = try LoopbackSocket(address: Self.v4("127.77.2.1"), listening: false)
        let sweeper = TCPSweeper(configuration: SweepConfiguration(ports: [reserved.port], probesPerSecond: 1000))
        let (_, summary) = try await sweeper.sweep(try Self.targets("127.77.2.0/24"), deadline: .now + .seconds(20))
        #expect(summary.probesSent == 256)
        // 256 probes at 1000/s with a 10-probe burst: about 0.25 s.
        #expect(summary.elapsed >= .milliseconds(220))
        #expect(summary.elapsed < .seconds(2))
        #expect(summary.probesPerSecond < 1200)
    }

    @Test func cancellingTheSweepClosesEverySocket() async throws {
        let first = try LoopbackSocket.blackHole(address: Self.v4("127.77.5.1"))
        var holes = [first]
        for last in 2...32 { holes.append(try LoopbackSocket.blackHole(address: Self.v4("127.77.5.\(last)"), port: first.listener.port)) }
        defer { for hole in holes { close(hole.filler) } }
        let holeRange = Self.v4Value("127.77.5.1")...Self.v4Value("127.77.5.32")
        let fillerSockets = try await Self.settledSocketCount(into: holeRange)

        let sweeper = TCPSweeper(configuration: SweepConfiguration(ports: [first.listener.port], connectTimeout: .seconds(30)))
        let targets = try Self.targets("127.77.5.1-32")
        let task = Task { try await sweeper.sweep(targets, deadline: .now + .seconds(60)) }
        var pendingSeen = 0
        for _ in 0..<200 where pendingSeen < 32 {
            try await Task.sleep(for: .milliseconds(10))
            pendingSeen = OpenDescriptors.sockets(connectedInto: holeRange) - fillerSockets
        }
        // The fillers' own count can drift by a few on a loaded machine, so this asks for most, not all, of the 32.
        #expect(pendingSeen >= 24, "the sweep's connects should be pending before the cancel")
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        // Sockets into the black-holed range are this sweep's alone; the process-wide descriptor count
        // is not checked because tests running in parallel open and close sockets of their own.
        #expect(OpenDescriptors.sockets(connectedInto: holeRange) - fillerSockets <= 0)
    }

    /// The number of sockets into `range` once two readings 20 ms apart agree (the fillers' connects settle).
    static func settledSocketCount(into range: ClosedRange<UInt32>) async throws -> Int {
        var count = OpenDescriptors.sockets(connectedInto: range)
        for _ in 0..<50 {
            try await Task.sleep(for: .milliseconds(20))
            let again = OpenDescriptors.sockets(connectedInto: range)
            if again == count { break }
            count = again
        }
        return count
    }

    @Test func cancellingTheEventStreamClosesEverySocket() async throws {
        let first = try LoopbackSocket.blackHole(address: Self.v4("127.77.7.1"))
        var holes = [first]
        for last in 2...16 { holes.append(try LoopbackSocket.blackHole(address: Self.v4("127.77.7.\(last)"), port: first.listener.port)) }
        defer { for hole in holes { close(hole.filler) } }
        let holeRange = Self.v4Value("127.77.7.1")...Self.v4Value("127.77.7.16")
        let fillerSockets = try await Self.settledSocketCount(into: holeRange)

        let sweeper = TCPSweeper(configuration: SweepConfiguration(ports: [first.listener.port], connectTimeout: .seconds(30)))
        let targets = try Self.targets("127.77.7.1-16")
        let task = Task {
            var events = 0
            for try await _ in sweeper.events(for: targets, deadline: nil) { events += 1 }
            return events
        }
        var pending = 0
        for _ in 0..<200 where pending < 16 {
            try await Task.sleep(for: .milliseconds(10))
            pending = OpenDescriptors.sockets(connectedInto: holeRange) - fillerSockets
        }
        #expect(pending >= 12, "the sweep's connects are pending (the fillers' count can drift by a few under load)")
        task.cancel()
        _ = await task.result
        // The stream's consumer does not wait for the sweep thread; it closes within a moment.
        for _ in 0..<100 where pending > 0 {
            try await Task.sleep(for: .milliseconds(10))
            pending = OpenDescriptors.sockets(connectedInto: holeRange) - fillerSockets
        }
        #expect(pending <= 0, "every socket of the cancelled sweep is closed")
    }

    @Test func refusesAnEmptyPortList() async throws {
        let sweeper = TCPSweeper(configuration: SweepConfiguration(ports: []))
        await #expect(throws: SweepError.noPorts) {
            _ = try await sweeper.sweep(try Self.targets("127.77.3.1"), deadline: .now + .seconds(5))
        }
    }

    static func v4Value(_ text: String) -> UInt32 {
        guard case .v4(let value) = IPAddress(text)! else { return 0 }
        return value
    }
}
