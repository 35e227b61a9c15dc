import CamAuditCore
import CamAuditTestSupport
import Foundation
import Testing

@testable import CamAuditLab

@Suite("Lab lifecycle and profiles")
struct LabLifecycleTests {
    @Test func everyProfileLoadsWithASourceAndAnExpectation() throws {
        let profiles = try ProfileLibrary.load()
        #expect(profiles.count >= 17)
        #expect(Set(profiles.map(\.id)).count == profiles.count)
        for profile in profiles {
            #expect(!profile.source.isEmpty, "\(profile.id) has no source")
            if profile.kind == .device, profile.expected.deviceType.isVideoDevice {
                #expect(profile.credentials != nil, "\(profile.id) has no credentials")
            }
        }
        let hostile = profiles.filter { $0.kind != .device }
        #expect(hostile.allSatisfy { $0.expected.deviceType == .unknown && $0.expected.manufacturer == nil })
    }

    @Test func allProfilesStartRoundRobinAndShutdownReleasesThePorts() async throws {
        let count = Lab.profileIDs.count
        let block = TestAddresses.block(forDevices: count)
        let lab = try await Lab.start(base: block.base, deviceCount: count)
        #expect(lab.devices.map(\.profile) == Lab.profileIDs)
        #expect(lab.devices.first?.address == block.host(1))
        #expect(lab.devices.allSatisfy { !$0.ports.isEmpty && !$0.ports.contains(2024) })
        let nvr = try #require(lab.devices.first { $0.profile == "hikvision-nvr" })
        #expect(nvr.ports.contains(443 + lab.portOffset))
        #expect(nvr.expected.deviceType == .nvr)
        try await lab.shutdown()
        // The same addresses again: the ports are free (LabSession is not used here, the test is the lifecycle itself).
        let again = try await Lab.start(base: block.base, deviceCount: count)
        #expect(again.devices.count == count)
        try await again.shutdown()
    }

    @Test func hostileCopiesStartEveryHostileKindThatManyTimes() async throws {
        let kinds = Lab.hostileProfileIDs
        #expect(kinds == (try ProfileLibrary.load()).filter { $0.kind != .device }.map(\.id))
        #expect(kinds.contains("hostile-malformed-xml") && kinds.contains("hostile-tarpit"))
        let block = TestAddresses.block(forDevices: 2 * kinds.count)
        let lab = try await Lab.start(base: block.base, hostileCopies: 2)
        #expect(lab.devices.map(\.profile) == kinds + kinds)
        #expect(lab.devices.allSatisfy { $0.isHostile && !$0.expected.deviceType.isVideoDevice })
        try await lab.shutdown()
        await #expect(throws: LabError.badDeviceCount(0)) {
            _ = try await Lab.start(base: block.base, hostileCopies: 0)
        }
    }

    @Test func refusesANonLoopbackBase() async throws {
        await #expect(throws: LabError.baseNotLoopback("192.168.1.0")) {  // data: refused before binding
            _ = try await Lab.start(base: IPAddress("192.168.1.0")!, deviceCount: 1)  // data: refused before binding
        }
    }

    @Test func unprivilegedModeShiftsLowPorts() async throws {
        try await LabSession.with(profiles: ["hikvision-ipc-old"], allowPrivilegedPorts: false) { lab in
            #expect(lab.portOffset == 10000)
            #expect(lab.devices[0].ports == [8000, 10023, 10080, 10554])
        }
    }

    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (String(repeating: "a", count: 1000), "cabe45dcc9ae5b66ba86600cca6b8ba8", "291e9a6c66994949b57ba5e650361e98fc36b1ba"),
    ])
    func digestsMatchKnownVectors(input: String, md5: String, sha1: String) {
        #expect(MessageDigest.md5Hex(input) == md5)
        #expect(MessageDigest.hex(MessageDigest.sha1(Array(input.utf8))) == sha1)
    }
}
