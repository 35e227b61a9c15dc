import CamAuditCore
import CamAuditLab
import CamAuditTestSupport
import Foundation
import Testing

/// The helpers every other test leans on: distinct loopback blocks, a lab that is always stopped, and a
/// child process that cannot outlive its time limit.
@Suite("Test support")
struct TestSupportTests {
    @Test func blocksAreDistinctAlignedLoopbackRanges() throws {
        let blocks = (0..<6).map { TestAddresses.block(spanning: $0 == 3 ? 4 : 1) }
        var seen: Set<UInt32> = []
        for block in blocks {
            guard case .v4(let first) = block.base, case .v4(let last) = block.host(block.count * 256 - 1) else {
                Issue.record("\(block) is not IPv4")
                continue
            }
            #expect(first >> 24 == 127, "\(block) is outside 127.0.0.0/8")
            #expect(first % UInt32(block.count * 256) == 0, "\(block) is not aligned to its size")
            #expect(TestAddresses.octets.contains(Int(first >> 16 & 0xff)), "\(block) is outside this process's /16s")
            for value in first...last { #expect(seen.insert(value).inserted, "\(IPAddress.v4(value)) handed out twice") }
        }
        #expect(blocks[3].cidr.hasSuffix("/22") && blocks[0].cidr.hasSuffix("/24"))
        #expect(TestAddresses.block(forDevices: 300).count == 2)
    }

    @Test func aLabIsStoppedWhenTheBodyThrows() async throws {
        struct Planned: Error {}
        var started: Lab?
        await #expect(throws: Planned.self) {
            try await LabSession.with(profiles: ["decoy-nginx"]) { lab in
                started = lab
                throw Planned()
            }
        }
        // The same addresses and ports bind again only if the first lab let them go.
        let first = try #require(started)
        let again = try await Lab.start(base: first.base, deviceCount: 1, profiles: ["decoy-nginx"])
        #expect(again.devices.map(\.ports) == first.devices.map(\.ports))
        try await again.shutdown()
    }

    @Test func aChildGetsItsInputAndEnvironmentAndKeepsItsStreamsApart() throws {
        let outcome = try ChildProcess.run(
            "sh", ["-c", "cat; echo \"$CAMAUDIT_TEST_WORD\" >&2; exit 3"], stdin: Data("in".utf8),
            environment: ["CAMAUDIT_TEST_WORD": "word"])
        #expect(outcome.status == 3)
        #expect(outcome.stdout == "in")
        #expect(outcome.stderr == "word\n")
    }

    @Test func aChildPastItsTimeLimitIsKilled() throws {
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: ChildProcess.TimedOut.self) { try ChildProcess.run("sleep", ["30"], timeout: .milliseconds(300)) }
        #expect(clock.now - start < .seconds(5))
    }
}
