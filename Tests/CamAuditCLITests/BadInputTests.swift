import CamAuditTestSupport
import Foundation
import Testing

/// Bad input as a new user gives it: each is refused before anything is sent, with one sentence that says
/// what to do, and a failure found while running ends without ArgumentParser's usage text.
@Suite("Bad input and honest saves")
struct BadInputTests {
    static func folder() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A scan of one loopback address where nothing listens (port 9), quick.
    static let quickScan = ["scan", TestAddresses.block().host(1).description, "--ports", "9", "--timeout-ms", "300", "--no-udp-discovery"]

    static func expectRefused(_ outcome: ChildProcess.Outcome, status: Int32 = 64, saying message: String) {
        #expect(outcome.status == status, "stderr was: \(outcome.stderr)")
        #expect(outcome.stderr.contains(message), "stderr was: \(outcome.stderr)")
        #expect(!outcome.stderr.contains("Usage:"), "no usage text for a problem found while running: \(outcome.stderr)")
        #expect(!outcome.stderr.contains("Saved as"))
    }

    @Test func aDatabaseThatIsAFolderIsRefusedBeforeTheScan() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try CommandLineTests.run(Self.quickScan + ["--db", directory.path])
        Self.expectRefused(outcome, saying: "--db '\(directory.path)' is a folder; give a database file")
        #expect(outcome.stdout.isEmpty, "nothing was scanned, so no report")
    }

    @Test func aDatabaseThatIsNotSQLiteIsRefusedAndLeftAlone() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let notes = directory.appendingPathComponent("notes.txt")
        let text = String(repeating: "my notes, not a database\n", count: 200)
        try text.write(to: notes, atomically: true, encoding: .utf8)
        let outcome = try CommandLineTests.run(Self.quickScan + ["--db", notes.path])
        Self.expectRefused(outcome, saying: "Nothing was scanned")
        #expect(outcome.stdout.isEmpty)
        #expect(try String(contentsOf: notes, encoding: .utf8) == text, "the file is not overwritten")
    }

    @Test func aReportIntoAMissingFolderIsRefusedBeforeTheScan() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("scans.sqlite").path
        let report = directory.appendingPathComponent("missing/report.json").path
        let outcome = try CommandLineTests.run(Self.quickScan + ["--db", db, "-o", report])
        Self.expectRefused(outcome, saying: "the folder \(directory.appendingPathComponent("missing").path) does not exist; create it")
        #expect(!FileManager.default.fileExists(atPath: db), "refused before the database was even opened")
    }

    @Test func aSavedScanSaysSoOnlyAfterTheSaveAndWritesItsReportWhereAsked() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("scans.sqlite").path
        let report = directory.appendingPathComponent("report.json").path
        let outcome = try CommandLineTests.run(Self.quickScan + ["--db", db, "-o", report, "--format", "json"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        let id = try #require((document?["scan"] as? [String: Any])?["id"] as? String)
        #expect(outcome.stderr.contains("Saved as scan \(id) in \(db)"))
        #expect(try CommandLineTests.run(["scans", "--db", db]).stdout.contains(id), "the scan said saved is listed")
    }

    @Test func aWordlistThatIsAFolderSaysToGiveAFile() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try CommandLineTests.run(Self.quickScan + ["--no-save", "--wordlist", directory.path])
        #expect(outcome.status == 64)
        #expect(
            outcome.stderr.contains(
                "--wordlist '\(directory.path)' is a folder; give a file with one 'user password' or 'user:password' per line"),
            "stderr was: \(outcome.stderr)")
        #expect(!outcome.stderr.contains("NSCocoaErrorDomain"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func aBinaryTargetListSaysItMustBeUTF8AndWhere() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let list = directory.appendingPathComponent("targets.bin")
        try Data("127.63.0.1\n# next line is not text\n".utf8 + [0xFF, 0xFE, 0x00, 0x89, 0x0A]).write(to: list)
        let outcome = try CommandLineTests.run(["scan", "-iL", list.path, "--no-save", "--ports", "9"])
        #expect(outcome.status == 64)
        #expect(
            outcome.stderr.contains("-iL '\(list.path)' is not UTF-8 text (line 3); give a UTF-8 text file with one target per line"),
            "stderr was: \(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
    }

    @Test func anOversizedTargetListIsRefusedWithoutBeingReadWhole() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let list = directory.appendingPathComponent("targets.txt")
        // A sparse file of 65 MiB: nothing is written to disk, and the reader stops one chunk past 64 MiB.
        FileManager.default.createFile(atPath: list.path, contents: nil)
        let handle = try FileHandle(forWritingTo: list)
        try handle.truncate(atOffset: 65 << 20)
        try handle.close()
        let outcome = try CommandLineTests.run(["scan", "-iL", list.path, "--no-save", "--ports", "9"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("-iL '\(list.path)' is larger than 64 MiB"), "stderr was: \(outcome.stderr)")
        #expect(!outcome.stderr.contains("Usage:"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func diffOfAScanWithItselfSaysBothAreTheSameScan() throws {
        let (db, id) = try TrafficCommandTests.savedScan()
        defer { try? FileManager.default.removeItem(atPath: db) }
        // The (empty) diff is still written with status 0, as scripts expect; stderr says why it is empty.
        let same = try CommandLineTests.run(["diff", id, id, "--db", db])
        #expect(same.status == 0)
        #expect(same.stderr.contains("SCAN_A and SCAN_B are the same scan (\(id)), so nothing can differ"), "stderr: \(same.stderr)")
        #expect(same.stdout.contains("No differences"))
        let prefix = try CommandLineTests.run(["diff", String(id.prefix(12)), id, "--db", db])
        #expect(prefix.status == 0)
        #expect(prefix.stderr.contains("the same scan (\(id)): '\(id.prefix(12))' and '\(id)' both name it"), "stderr: \(prefix.stderr)")
    }

    @Test func aGarbageLANPrefixIsRefusedBeforeTheReport() throws {
        let capture = TrafficCommandTests.captures.appendingPathComponent("home-lan.pcap").path
        let outcome = try CommandLineTests.run(["traffic", capture, "--lan", "garbage", "--no-geoip"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("No firewall rules"), "stderr was: \(outcome.stderr)")
        #expect(outcome.stdout.isEmpty, "no report is printed before the refusal")
    }

    /// Failures found while running (a scan id that is not saved, a database that cannot be opened) end
    /// with their sentence and status 64, not with the usage text.
    @Test(arguments: [
        (["report", "nope"], "No saved scan has the id 'nope'"),
        (["scans", "--db", "/dev/null/x.sqlite"], "Cannot open the scan database"),
        (["diff", "nope", "nada"], "No saved scan has the id 'nope'"),
    ])
    func runtimeFailuresHaveNoUsageText(arguments: [String], message: String) throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = arguments.contains("--db") ? [] : ["--db", directory.appendingPathComponent("scans.sqlite").path]
        Self.expectRefused(try CommandLineTests.run(arguments + db), saying: message)
    }
}
