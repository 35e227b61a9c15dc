import CamAuditTestSupport
import Foundation
import Testing

/// Runs the built `camaudit` binary as a user would: help text pinned by golden files, exit codes,
/// and error sentences.
@Suite("Command line")
struct CommandLineTests {
    /// A program built with the tests: the test bundle sits next to the products of the same build (`.build/<triple>/debug/`).
    static func binary(_ program: String) -> URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent(program)
    }
    static let golden = Bundle.module.resourceURL!.appendingPathComponent("Golden")
    static let sourceGolden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], program: String = "camaudit", environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = binary(program)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged["COLUMNS"] = "100"
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test(arguments: [
        ["--help"], ["scan", "--help"], ["demo", "--help"], ["report", "--help"], ["scans", "--help"], ["diff", "--help"],
        ["sweep", "--help"],
        ["lab", "up", "--help"], ["data", "lint", "--help"], ["discover", "--help"], ["traffic", "--help"],
    ])
    func helpIsPinned(arguments: [String]) throws {
        try Self.expectHelpPinned(arguments)
    }

    /// `program arguments` prints the help in `Golden/<program>[-<subcommands>].help.txt` (`camaudit` has no prefix);
    /// CAMAUDIT_UPDATE_GOLDEN=1 writes the files again.
    static func expectHelpPinned(_ arguments: [String], program: String = "camaudit") throws {
        let outcome = try run(arguments, program: program)
        #expect(outcome.status == 0)
        let words = arguments.filter { $0 != "--help" }
        let name =
            (program == "camaudit" ? words.joined(separator: "-").ifEmpty(program) : ([program] + words).joined(separator: "-"))
            + ".help.txt"
        if ProcessInfo.processInfo.environment["CAMAUDIT_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: sourceGolden, withIntermediateDirectories: true)
            try Data(outcome.stdout.utf8).write(to: sourceGolden.appendingPathComponent(name))
        }
        let expected = try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8)
        #expect(
            outcome.stdout == expected,
            "`\(program) \(arguments.joined(separator: " "))` changed; review and run with CAMAUDIT_UPDATE_GOLDEN=1")
    }

    @Test func publicTargetsAreRefusedWithAReason() throws {
        let outcome = try Self.run(["scan", "127.0.0.1", "8.8.8.8", "--no-save"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("8.8.8.8 is a public (globally routable) address"))
        #expect(outcome.stderr.contains("--allow-public"))
    }

    /// `scan`, `sweep` and `discover` parse targets the same way and resolve them with the same resolver,
    /// so the same mistakes get the same sentences (and the command line names the option that helps).
    @Test(arguments: [["scan", "--no-save"], ["sweep"], ["discover"]])
    func everyTargetCommandRefusesTheSameWay(command: [String]) throws {
        let malformed = try Self.run(command + ["127.0.0.300"])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("'127.0.0.300' is not a valid target"), "stderr was: \(malformed.stderr)")
        let publicTarget = try Self.run(command + ["127.0.0.1", "8.8.8.8"])  // data: refused before any packet
        #expect(publicTarget.status == 64)
        #expect(publicTarget.stderr.contains("8.8.8.8 is a public (globally routable) address"), "stderr was: \(publicTarget.stderr)")
        #expect(publicTarget.stderr.contains("--allow-public"))
    }

    @Test(arguments: [
        (["scan"], "Give at least one target"),
        (["scan", "127.0.0.1", "--ports", "http"], "'http' is not a port"),
        (["scan", "127.0.0.300", "--no-save"], "'127.0.0.300' is not a valid target"),
        (["scan", "127.0.0.1", "--timeout-ms", "0"], "--timeout-ms must be at least 10"),
        (["demo", "--base", "10.0.0.0"], "--base must be an IPv4 loopback address"),  // data: refused before any packet
        (["report", "nope", "--db", "/dev/null/x.sqlite"], "Cannot open the scan database"),
    ])
    func badUsageSaysWhatToDo(arguments: [String], message: String) throws {
        let outcome = try Self.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains(message), "stderr was: \(outcome.stderr)")
    }

    @Test func aScanIsSavedListedAndReportedAgain() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("scans.sqlite").path
        // Nothing listens on this port of 127.61.0.0/29 in the test run: an empty but complete scan.
        let scan = try Self.run(["scan", "127.61.0.0/29", "--ports", "9", "--db", db, "--format", "json", "--timeout-ms", "300"])
        #expect(scan.status == 0, "stderr: \(scan.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any]
        let metadata = report?["scan"] as? [String: Any]
        let id = try #require(metadata?["id"] as? String)
        #expect(metadata?["addressesScanned"] as? Int == 8)
        #expect(metadata?["probesSent"] as? Int == 8)
        #expect(scan.stderr.contains("Saved as scan \(id)"))
        let listed = try Self.run(["scans", "--db", db])
        #expect(listed.stdout.contains(id))
        // The same list for scripts: a JSON array of summaries, and CSV read back by an independent RFC 4180 reader.
        let json = try Self.run(["scans", "--db", db, "--format", "json"])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let summaries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(summaries.count == 1)
        #expect(summaries.first?["id"] as? String == id)
        #expect(summaries.first?["status"] as? String == "completed")
        #expect(summaries.first?["targets"] as? [String] == ["127.61.0.0/29"])
        #expect(summaries.first?["deviceCount"] as? Int == 0)
        let csv = try Self.run(["scans", "--db", db, "--format", "csv"])
        #expect(csv.status == 0, "stderr: \(csv.stderr)")
        let parsed = try PythonScript.run(
            "import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.buffer.read().decode('utf-8'), newline='')))))",
            input: Data(csv.stdout.utf8))
        let rows = try JSONDecoder().decode([[String]].self, from: Data(parsed.output.utf8))
        #expect(rows.first == ["id", "started_at", "finished_at", "status", "device_count", "video_device_count", "targets"])
        #expect(rows.count == 2 && rows.last?.first == id && rows.last?[3] == "completed" && rows.last?.last == "127.61.0.0/29")
        #expect(try Self.run(["scans", "--db", db, "--format", "xml"]).status == 64)
        let again = try Self.run(["report", String(id.prefix(20)), "--db", db, "--format", "json"])
        #expect(again.status == 0)
        #expect(again.stdout == scan.stdout)
    }

    @Test func theDataCatalogLintsClean() throws {
        let outcome = try Self.run(["data", "lint"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains(" 0 errors"))
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}

@Suite("nmap-style target lists")
struct TargetListTests {
    @Test func readsDashILWithCommentsAndBlankLines() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-il-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let list = directory.appendingPathComponent("targets.txt")
        try "# lab\n127.62.0.1\n\n127.62.0.2-3   # two more\n".write(to: list, atomically: true, encoding: .utf8)
        let outcome = try CommandLineTests.run([
            "scan", "-iL", list.path, "--exclude", "127.62.0.3", "--ports", "9", "--no-save", "--format", "json", "--timeout-ms", "300",
        ])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let metadata = report?["scan"] as? [String: Any]
        #expect(metadata?["addressesScanned"] as? Int == 2)
        #expect(metadata?["targets"] as? [String] == ["127.62.0.1", "127.62.0.2-3"])
    }
}
