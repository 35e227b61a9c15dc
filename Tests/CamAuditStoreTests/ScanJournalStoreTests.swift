import CamAuditCore
import Foundation
import Testing

@testable import CamAuditStore

/// The store's side of scans written as they run: a row when the scan starts, a transaction per host,
/// `abandoned` found later, and what `--resume` reads back.
@Suite("Scan store: scans written as they run")
struct ScanJournalStoreTests {
    static func metadata(_ id: String, status: ScanStatus = .running) -> ScanMetadata {
        var metadata = ScanStoreTests.report(id: id, at: 1_700_000_000, firmware: "V5.5.0 build 170725").scan
        metadata.status = status
        return metadata
    }

    static func host(_ last: Int, firmware: String = "V5.5.0 build 170725", checked: Bool = true) -> CompletedHost {
        let identity = Identity(manufacturer: "Hikvision", model: "DS-2CD2032-I", firmware: firmware, deviceType: .camera, confidence: 0.9)
        let device = DeviceReport(
            address: IPAddress("127.5.0.\(last)")!, ports: [PortService(port: 80, service: "http")], identity: identity)
        return CompletedHost(device: device, requestsSent: 3, intrusiveRequests: [], checked: checked)
    }

    /// A process that is not running: pid 0 has no `/proc` entry of its own.
    static let goneOwner = ScanOwner(pid: 0, startTicks: 1)

    static func scratchFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-journal-\(UUID().uuidString).sqlite").path
    }

    @Test func aRunningScanKeepsEachHostOnceAndReadsAsAbandonedWhenItsProcessIsGone() throws {
        let store = try ScanStore.inMemory()
        try store.begin(Self.metadata("j1"), arguments: ["127.5.0.0/24", "--ports", "80"], owner: Self.goneOwner)
        try store.recordHost(Self.host(2), scanID: "j1")
        try store.recordHost(Self.host(3), scanID: "j1")
        try store.recordHost(Self.host(2, firmware: "V5.6.0"), scanID: "j1")  // done again: replaced, not doubled
        let listed = try store.scans()
        #expect(listed.map(\.status) == [.abandoned])
        #expect(listed.first?.deviceCount == 2)
        #expect(listed.first?.videoDeviceCount == 2)
        let report = try store.report(id: "j1")
        #expect(report.scan.status == .abandoned)
        #expect(report.devices.map(\.address.description) == ["127.5.0.2", "127.5.0.3"])
        #expect(report.devices.first?.firmware == "V5.6.0")
        #expect(report.scan.notes.last?.contains("camaudit scan --resume j1") == true)
        let (resumption, arguments) = try store.resumption(id: "j1")
        #expect(arguments == ["127.5.0.0/24", "--ports", "80"])
        #expect(resumption.hosts.count == 2)
        #expect(resumption.startedAt == Self.metadata("j1").startedAt)
        #expect(try store.sightings(of: IPAddress("127.5.0.3")!).count == 1, "host rows are queryable while the scan runs")
    }

    @Test func loginsAreKeptAcrossScansInOrderAndAnAcceptedOneDropsWhatNoLongerCounts() throws {
        let store = try ScanStore.inMemory()
        let two = IPAddress("127.5.0.2")!, three = IPAddress("127.5.0.3")!
        func record(_ key: String, _ state: LoginState, device: String = "Dahua", scan: String = "s1") -> LoginRecord {
            LoginRecord(key: key, state: state, device: device, at: Date(timeIntervalSince1970: 1_700_000_000), scanID: scan)
        }
        try store.recordLogin(record("k1", .sent), host: two)
        try store.recordLogin(record("k1", .refused), host: two)  // answered: the same row
        try store.recordLogin(record("k2", .sent), host: two)  // the process died here
        try store.recordLogin(record("other:1", .refused), host: two)
        try store.recordLogin(record("k1", .sent, device: "Axis"), host: three)
        var logins = try store.logins(at: two)
        #expect(logins.records.map(\.key) == ["k1", "k2", "other:1"])
        #expect(logins.countedAsRefused(device: "Dahua") == 3)
        #expect(logins.refused("k1", device: "Dahua") && !logins.refused("k2", device: "Dahua"))
        #expect(try store.logins(at: three).records.map(\.state) == [.sent])
        // A later scan: k2 sent again under its own key, then k3 accepted; what no longer counts goes, refusals stay.
        try store.recordLogin(record("k2#a", .refused, scan: "s2"), host: two)
        try store.recordLogin(record("k3", .accepted, scan: "s2"), host: two)
        logins = try store.logins(at: two)
        #expect(logins.records.map(\.key) == ["k1", "k2#a", "k3"])
        #expect(logins.countedAsRefused(device: "Dahua") == 0)
        #expect(logins.refused("k2", device: "Dahua"), "k2's second send was refused")
        // Kept when the scans go; forgotten on request, per address.
        #expect(try store.forgetLogins(at: [two]) == 3)
        #expect(try store.logins(at: two).records.isEmpty)
        #expect(try store.logins(at: three).records.count == 1)
    }

    @Test func aScanOfThisProcessStaysRunningAndCannotBeResumed() throws {
        let store = try ScanStore.inMemory()
        try store.begin(Self.metadata("live"), arguments: ["127.5.0.1"])
        #expect(try store.scans().first?.status == .running)
        #expect(try store.report(id: "live").scan.notes.last?.hasPrefix("still running") == true)
        #expect {
            try store.resumption(id: "live")
        } throws: { error in
            "\(error)".contains("still running (process \(ProcessInfo.processInfo.processIdentifier))")
        }
    }

    @Test func finishingKeepsTheWholeReportAndDropsTheHostRowsUnlessInterrupted() throws {
        let store = try ScanStore.inMemory()
        try store.begin(Self.metadata("f1"), arguments: ["127.5.0.0/24"])
        try store.recordHost(Self.host(2), scanID: "f1")
        var interrupted = ScanReport(scan: Self.metadata("f1", status: .interrupted), devices: [Self.host(2).device])
        try store.finish(interrupted)
        #expect(try store.hosts(of: "f1").count == 1, "an interrupted scan keeps what --resume reads")
        #expect(try store.scans().first?.status == .interrupted)
        #expect(try store.report(id: "f1") == interrupted)
        #expect(try store.resumption(id: "f1").resumption.hosts.map(\.device) == [Self.host(2).device])

        try store.begin(Self.metadata("f1"), arguments: nil)  // resumed: the first command line is kept
        #expect(try store.scans().first?.status == .running)
        try store.recordHost(Self.host(3), scanID: "f1")
        interrupted.scan.status = .completed
        let completed = ScanReport(scan: interrupted.scan, devices: [Self.host(2).device, Self.host(3).device])
        try store.finish(completed)
        #expect(try store.hosts(of: "f1").isEmpty)
        #expect(try store.report(id: "f1") == completed)
        #expect(try store.scans().map(\.deviceCount) == [2])
        #expect {
            try store.resumption(id: "f1")
        } throws: { error in
            "\(error)".contains("only an interrupted or abandoned scan can be resumed")
        }
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func aScanSavedWholeHasNoCommandLineToResume() throws {
        let store = try ScanStore.inMemory()
        var report = ScanStoreTests.report(id: "w1", at: 5, firmware: "a")
        report.scan.status = .interrupted
        try store.save(report)
        #expect {
            try store.resumption(id: "w1")
        } throws: { error in
            "\(error)".contains("saved without its command line")
        }
    }

    @Test func theOwnerIsThisProcessAndAGoneProcessIsNotAlive() throws {
        let owner = ScanOwner.current
        #expect(owner.isAlive)
        #expect(owner.startTicks > 0)
        #expect(ScanOwner(owner.description) == owner)
        #expect(!Self.goneOwner.isAlive)
        #expect(!ScanOwner(pid: owner.pid, startTicks: owner.startTicks + 1).isAlive, "a recycled process id is not the owner")
        #expect(ScanOwner("12:x") == nil)
    }

    @Test func aDatabaseOfTheFirstSchemaIsMigratedAndItsScansStayReadable() throws {
        let path = Self.scratchFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old = ScanStoreTests.report(id: "old1", at: 1, firmware: "a")
        do {
            // The v1 schema alone, as a camaudit before resumable scans left it.
            let first = try ScanStore(path: path, migratingUpTo: "v1: scans and devices")
            try first.saveAsFirstSchema(old)
        }
        let store = try ScanStore(path: path)
        #expect(try store.report(id: "old1") == old)
        #expect(try store.scans().map(\.status) == [.completed])
        // Migration v3 filled the device list's columns from the saved report.
        let page = try store.devices(DeviceQuery(maker: "hikvision"))
        #expect(page.devices.map(\.address) == ["127.5.0.2"])
        #expect(try store.deviceHistory(address: IPAddress("127.5.0.2")!)?.latest == old.devices.first)
    }
}

/// The device list's index of each address's newest sighting stays right whatever order scans are saved in.
@Suite("Scan store: latest sightings")
struct LatestSightingTests {
    @Test func theNewestScanWinsAndADroppedHostFallsBackToAnOlderSighting() throws {
        let store = try ScanStore.inMemory()
        let newer = ScanStoreTests.report(id: "n2", at: 200, firmware: "new")
        let older = ScanStoreTests.report(id: "n1", at: 100, firmware: "old")
        try store.save(newer)
        try store.save(older)  // saved later, but older: the list keeps showing the newer sighting
        #expect(try store.devices(DeviceQuery(order: .address)).devices.map(\.lastScanId) == ["n2", "n2"])
        #expect(try store.devices(DeviceQuery(maker: "hikvision")).devices.first?.firmware == "new")
        // The newer scan is rewritten without 127.5.0.3: that host's latest sighting is the older scan's again.
        var trimmed = newer
        trimmed.devices.removeAll { $0.address == IPAddress("127.5.0.3")! }
        try store.finish(trimmed)
        let listed = try store.devices(DeviceQuery(order: .address)).devices
        #expect(listed.map(\.address) == ["127.5.0.2", "127.5.0.3"])
        #expect(listed.map(\.lastScanId) == ["n2", "n1"])
        #expect(try store.integrityCheck() == ["ok"])
    }
}
