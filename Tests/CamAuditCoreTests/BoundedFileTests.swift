import CamAuditCore
import Foundation
import Testing

/// Files read with a limit: the bytes up to it, a clear failure past it, and the system's reason when a file
/// cannot be read.
@Suite("Bounded file")
struct BoundedFileTests {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bounded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func readsUpToTheLimitAndRefusesOneBytePast() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Larger than the 64 KiB read chunk, so that the limit falls inside the second read.
        let bytes = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let file = folder.appendingPathComponent("data")
        try bytes.write(to: file)
        #expect(try BoundedFile.read(file.path, maximumBytes: 100_000) == bytes)
        #expect(throws: BoundedFile.Failure.tooLarge(limit: 99_999)) {
            try BoundedFile.read(file.path, maximumBytes: 99_999)
        }
        let empty = folder.appendingPathComponent("empty")
        try Data().write(to: empty)
        #expect(try BoundedFile.read(empty.path, maximumBytes: 10).isEmpty)
    }

    @Test func missingFilesAndFoldersSayWhy() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: BoundedFile.Failure.unreadable(reason: "No such file or directory")) {
            try BoundedFile.read(folder.appendingPathComponent("absent").path, maximumBytes: 10)
        }
        #expect(throws: BoundedFile.Failure.unreadable(reason: "Is a directory")) {
            try BoundedFile.read(folder.path, maximumBytes: 10)
        }
    }

    @Test func aCredentialsFileLargerThanTheLimitIsRefusedWithItsPath() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("logins.txt")
        try Data(repeating: UInt8(ascii: "#"), count: CredentialFile.maximumBytes + 1).write(to: file)
        #expect(throws: CredentialFileError.tooLarge(path: file.path, limit: CredentialFile.maximumBytes)) {
            try CredentialFile(contentsOf: file.path)
        }
    }
}
