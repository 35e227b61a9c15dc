import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

#if canImport(Glibc)
    import Glibc
#endif

/// Sends UDP datagrams from 127.0.230.2 to 127.0.230.1 only: loopback, never another address.
private struct LoopbackSender {
    let descriptor: Int32

    init() throws {
        descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EBADF) }
        var local = Self.socketAddress("127.0.230.2", port: 0)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { _ = Glibc.close(descriptor); throw POSIXError(.EADDRNOTAVAIL) }
    }

    static func socketAddress(_ text: String, port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, text, &address.sin_addr)
        return address
    }

    func send(_ payload: [UInt8], port: UInt16) {
        var destination = Self.socketAddress("127.0.230.1", port: port)
        let sent = withUnsafePointer(to: &destination) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(descriptor, payload, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(sent == payload.count)
    }

    func close() { _ = Glibc.close(descriptor) }
}

@Suite("Live capture on loopback", .enabled(if: getuid() == 0, "live capture needs root"), .serialized)
struct LiveCaptureTests {
    private static let testFilter = "udp port 32100 or udp port 53"
    private static let device = IPAddress("127.0.230.2")!
    private static let broker = IPAddress("127.0.230.1")!

    @Test func capturesFilteredLoopbackDatagramsForTheDuration() throws {
        // Activate first: packets sent afterwards wait in libpcap's ring buffer until read.
        let reader = try CaptureReader(liveInterface: "lo", filter: Self.testFilter)
        #expect(reader.isLive && reader.path == "lo")
        #expect(reader.linkType == .ethernet)  // Linux lo frames carry a zeroed Ethernet header
        let sender = try LoopbackSender()
        defer { sender.close() }
        let cs2Hello: [UInt8] = [0xF1, 0x00, 0x00, 0x00]
        for _ in 0..<3 { sender.send(cs2Hello, port: 32100) }
        sender.send(cs2Hello, port: 5399)  // not in the filter: must not be seen

        var table = FlowTable()
        let clock = ContinuousClock()
        let started = clock.now
        try table.add(capture: reader, until: started + .milliseconds(1500))
        let elapsed = clock.now - started
        #expect(elapsed >= .milliseconds(1500))
        #expect(elapsed < .milliseconds(2500))

        let ours = table.flows.filter { [$0.key.client, $0.key.server].contains(Self.broker) }
        let cs2 = try #require(ours.first { $0.key.serverPort == 32100 || $0.key.clientPort == 32100 })
        #expect(cs2.key.transport == .udp)
        #expect(Set([cs2.key.client, cs2.key.server]) == [Self.device, Self.broker])
        #expect(cs2.packetsUp + cs2.packetsDown == 3)
        #expect(cs2.firstClientPayload.prefix(4) == cs2Hello[...] || cs2.firstServerPayload.prefix(4) == cs2Hello[...])
        #expect(!ours.contains { $0.key.serverPort == 5399 || $0.key.clientPort == 5399 })

        let statistics = try #require(reader.statistics())
        #expect(statistics.received >= 3)
        #expect(statistics.droppedByKernel == 0)
    }

    @Test func aStopperEndsTheCaptureEarly() throws {
        let reader = try CaptureReader(liveInterface: "lo", filter: Self.testFilter)
        let stopper = reader.makeStopper()
        Task.detached {
            try? await Task.sleep(for: .milliseconds(300))
            stopper.stop()
        }
        let clock = ContinuousClock()
        let started = clock.now
        try reader.forEachPacket(until: started + .seconds(20)) { _ in }
        #expect(clock.now - started < .seconds(3))
    }

    @Test func aDeadlineEndsTheCaptureWhenNothingArrives() throws {
        // Port 9 (discard) on 127.0.230.0/24: nothing in this test suite sends there.
        let reader = try CaptureReader(liveInterface: "lo", filter: "udp port 9 and host 127.0.230.9", timeoutMilliseconds: 100)
        var count = 0
        let clock = ContinuousClock()
        let started = clock.now
        try reader.forEachPacket(until: started + .milliseconds(500)) { _ in count += 1 }
        let elapsed = clock.now - started
        #expect(count == 0)
        #expect(elapsed >= .milliseconds(500) && elapsed < .milliseconds(1500))
    }

    @Test func aBadFilterIsNamedWithLibpcapsReason() {
        #expect {
            _ = try CaptureReader(liveInterface: "lo", filter: "udp port banana or")
        } throws: { error in
            guard case .invalidFilter(let filter, let reason) = error as? CaptureError else { return false }
            return filter == "udp port banana or" && !reason.isEmpty
                && (error as? CaptureError)?.description.contains("pcap-filter(7)") == true
        }
    }

    @Test func aMissingInterfaceIsNoSuchInterface() {
        #expect {
            _ = try CaptureReader(liveInterface: "camaudit-nope0")
        } throws: { error in
            guard case .noSuchInterface(let interface, _) = error as? CaptureError else { return false }
            return interface == "camaudit-nope0" && (error as? CaptureError)?.description.contains("ip link") == true
        }
    }

    @Test func theDefaultFilterCompiles() throws {
        let reader = try CaptureReader(liveInterface: "lo", timeoutMilliseconds: 50)
        #expect(reader.activationWarning == nil)
        #expect(try CaptureReader(path: try cameraCapture().write(named: "file.pcap")).statistics() == nil)
    }
}
