import CamAuditCore
import Foundation
import Testing
@testable import CamAuditStore

#if canImport(Glibc)
    import Glibc
#endif

/// `checkWritable()`: what `camaudit scan` asks before the scan, so that a database it cannot write is
/// named before any packet is sent instead of after the scan.
@Suite("Scan store write check")
struct WritableCheckTests {
    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-writable-\(UUID().uuidString).sqlite").path
    }

    @Test func aWritableStorePassesAndKeepsItsScans() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ScanStore(path: path)
        try store.save(ScanStoreTests.report(id: "20330101T0000-one", at: 2_000_000_000, firmware: "V5.5.0"))
        try store.checkWritable()
        try store.save(ScanStoreTests.report(id: "20330101T0001-two", at: 2_000_000_060, firmware: "V5.5.0"))
        #expect(
            try store.scans().map(\.id) == ["20330101T0001-two", "20330101T0000-one"],
            "the check writes nothing and leaves the store usable")
    }

    /// SQLite opens a file it may not write read-only without an error; the check is what notices. (Root
    /// may write any file, so this runs as an ordinary user only.)
    @Test(.enabled(if: getuid() != 0, "root writes read-only files"))
    func aReadOnlyFileFailsTheCheck() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ScanStore(path: path).save(ScanStoreTests.report(id: "20330101T0000-one", at: 2_000_000_000, firmware: "V5.5.0"))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        #expect(throws: StoreError.self) { try ScanStore(path: path).checkWritable() }
    }
}
