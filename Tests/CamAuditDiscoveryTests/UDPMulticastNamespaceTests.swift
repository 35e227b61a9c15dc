import CamAuditCore
@testable import CamAuditDiscovery
@testable import CamAuditDiscoveryProtocols
import CamAuditTestSupport
import Foundation
import Glibc
import Testing

/// Multicast discovery between two network namespaces joined by a veth pair that the test creates
/// and deletes; nothing touches the host's own interfaces. Skipped unless `ip netns` is permitted.
@Suite(.serialized) struct UDPMulticastNamespaceTests {
    static let ipTool = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// True when this process may create network namespaces (root and an `ip` tool).
    static var namespacesPermitted: Bool {
        guard geteuid() == 0, ipTool != nil else { return false }
        let name = "camaudit-test-check-\(UInt32.random(in: 0...UInt32.max))"
        guard (try? ip(["netns", "add", name])) != nil else { return false }
        _ = try? ip(["netns", "del", name])
        return true
    }

    struct CommandFailure: Error, CustomStringConvertible {
        let description: String
    }

    @discardableResult
    static func ip(_ arguments: [String]) throws -> String {
        guard let tool = ipTool else { throw CommandFailure(description: "no ip tool") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else { throw CommandFailure(description: "ip \(arguments.joined(separator: " ")): \(text)") }
        return text
    }

    /// Moves the calling thread into the named network namespace (namespaces are per thread on Linux).
    static func enterNamespace(_ name: String) -> Bool {
        let fd = open("/var/run/netns/\(name)", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // setns(2) is a GNU extension the Glibc module does not export; look it up in libc instead.
        typealias SetNamespace = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "setns") else { return false }
        let cloneNewNetwork: Int32 = 0x4000_0000  // CLONE_NEWNET from <sched.h>
        return unsafeBitCast(symbol, to: SetNamespace.self)(fd, cloneNewNetwork) == 0
    }

    static let sadpReply =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ProbeMatch>\r\n<Uuid>x</Uuid>\r\n<Types>inquiry</Types>\r\n"
        + "<DeviceDescription>DS-2CD2385G1-I</DeviceDescription>\r\n<DeviceSN>DS-2CD2385G1-I20210705AAWRE52183921</DeviceSN>\r\n"
        + "<MAC>58-50-ed-1f-e3-85</MAC>\r\n<SoftwareVersion>V5.5.800build 210628</SoftwareVersion>\r\n<Activated>true</Activated>\r\n</ProbeMatch>\r\n"

    /// Answers the first SADP probe that reaches the group 239.255.255.250:37020 on `interface`, for up
    /// to 10 s; signals `joined` once it is a member of the group, so the probe is not sent too early.
    static func answerOneSADPProbe(interface: String, joined: DispatchSemaphore) -> Bool {
        guard let socket = try? UDPTestSocket(address: "0.0.0.0", port: 37020) else { joined.signal(); return false }
        var membership = ip_mreq(
            imr_multiaddr: in_addr(s_addr: inet_addr("239.255.255.250")), imr_interface: in_addr(s_addr: inet_addr(interface)))
        let member = setsockopt(socket.fd, Int32(IPPROTO_IP), IP_ADD_MEMBERSHIP, &membership, socklen_t(MemoryLayout<ip_mreq>.size)) == 0
        joined.signal()
        guard member else { return false }
        let end = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < end {
            guard let probe = socket.receive(milliseconds: 500) else { continue }
            guard String(decoding: probe.bytes, as: UTF8.self).contains("<Types>inquiry</Types>") else { continue }
            socket.send(Array(sadpReply.utf8), to: probe.address, port: probe.port)
            return true
        }
        return false
    }

    /// Waits (up to 5 s) until the link reports carrier: a veth end is not "UP" the instant it is set up.
    static func waitUntilUp(namespace: String, link: String) async throws {
        for _ in 0..<50 {
            if (try? ip(["-n", namespace, "link", "show", "dev", link]))?.contains("state UP") == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CommandFailure(description: "\(link) in \(namespace) never came up")
    }

    @Test(.enabled(if: namespacesPermitted, "needs root and `ip netns` to build a private veth pair"), .timeLimit(.minutes(1)))
    func multicastDiscoveryAcrossAVethPair() async throws {
        let suffix = String(UInt32.random(in: 0...0xffff), radix: 16)
        let deviceNamespace = "camaudit-test-\(suffix)-dev"
        let auditorNamespace = "camaudit-test-\(suffix)-aud"
        defer {
            // Deleting a namespace deletes the veth end inside it; runs on failure too.
            _ = try? Self.ip(["netns", "del", deviceNamespace])
            _ = try? Self.ip(["netns", "del", auditorNamespace])
        }
        try Self.ip(["netns", "add", deviceNamespace])
        try Self.ip(["netns", "add", auditorNamespace])
        // The pair is created inside the device namespace, its peer placed straight into the auditor's.
        try Self.ip([
            "-n", deviceNamespace, "link", "add", "cad\(suffix)", "type", "veth", "peer", "name", "caa\(suffix)", "netns", auditorNamespace,
        ])
        try Self.ip(["-n", deviceNamespace, "addr", "add", "169.254.123.1/24", "dev", "cad\(suffix)"])
        try Self.ip(["-n", auditorNamespace, "addr", "add", "169.254.123.2/24", "dev", "caa\(suffix)"])
        for (namespace, link) in [(deviceNamespace, "cad\(suffix)"), (auditorNamespace, "caa\(suffix)")] {
            try Self.ip(["-n", namespace, "link", "set", link, "multicast", "on", "up"])
            try Self.ip(["-n", namespace, "link", "set", "lo", "up"])
        }
        try await Self.waitUntilUp(namespace: deviceNamespace, link: "cad\(suffix)")
        try await Self.waitUntilUp(namespace: auditorNamespace, link: "caa\(suffix)")

        let joined = DispatchSemaphore(value: 0)
        let answered: Task<Bool, Never> = Task.detached {
            await withCheckedContinuation { continuation in
                let started = DetachedThread.start {
                    guard Self.enterNamespace(deviceNamespace) else { joined.signal(); continuation.resume(returning: false); return }
                    continuation.resume(returning: Self.answerOneSADPProbe(interface: "169.254.123.1", joined: joined))
                }
                if !started { joined.signal(); continuation.resume(returning: false) }
            }
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                joined.wait(); continuation.resume()
            }
        }
        guard case .v4(let device)? = IPAddress("169.254.123.1") else { return }
        let configuration = DiscovererConfiguration(protocols: [.sadp, .wsDiscovery])
        // A datagram can still be lost while a fresh link settles: ask up to three times.
        var fromDevice: [(address: UInt32, reading: UDPReplyParser.Reading)] = []
        for _ in 0..<3 where fromDevice.isEmpty {
            let gathered: Result<Discoverer.Gathered, DiscovererError>? = await withCheckedContinuation { continuation in
                let started = DetachedThread.start {
                    guard Self.enterNamespace(auditorNamespace), case .v4(let interface)? = IPAddress("169.254.123.2") else {
                        continuation.resume(returning: nil)
                        return
                    }
                    do throws(DiscovererError) {
                        let gathered = try Discoverer.gather(
                            mode: .multicast(interface: interface), timeout: .seconds(1), configuration: configuration)
                        continuation.resume(returning: .success(gathered))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
                if !started { continuation.resume(returning: nil) }
            }
            fromDevice = try #require(gathered).get().readings.filter { $0.address == device }
        }
        #expect(await answered.value, "the responder in the device namespace never saw the multicast SADP probe")
        #expect(fromDevice.count == 1)
        guard case .reply(.sadp, let observations, _)? = fromDevice.first?.reading else {
            Issue.record("no SADP reply from the device namespace")
            return
        }
        #expect(observations.contains { $0.field == .sadpDeviceDescription && $0.value == "DS-2CD2385G1-I" })
    }
}
