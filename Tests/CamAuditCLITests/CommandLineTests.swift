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

    /// Runs `program` (a product of this build) with `arguments`, 100 columns wide, nothing on its input.
    static func run(
        _ arguments: [String], program: String = "camaudit", environment: [String: String] = [:]
    ) throws -> ChildProcess.Outcome {
        try ChildProcess.run(binary(program).path, arguments, environment: ["COLUMNS": "100"].merging(environment) { $1 })
    }

    @Test(arguments: [
        ["--help"], ["scan", "--help"], ["demo", "--help"], ["report", "--help"], ["scans", "--help"], ["diff", "--help"],
        ["sweep", "--help"],
        ["lab", "up", "--help"], ["data", "lint", "--help"], ["discover", "--help"], ["traffic", "--help"], ["serve", "--help"],
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
        try Golden.check(name: name, actual: outcome.stdoutData, bundled: golden, source: sourceGolden)
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
        (["scan", "-iL", "/nonexistent/list.txt"], "-iL '/nonexistent/list.txt' does not exist"),
        (["scan", "127.0.0.1", "--bogus"], "Unknown option '--bogus'"),
        (["lab", "up", "--base", "10.0.0.0"], "the lab only listens on loopback"),  // data: refused before any packet
        (["serve", "--host", "0.0.0.0"], "is not a loopback address"),
        (["serve", "--port", "70000"], "--port must be between 0 and 65535"),
    ])
    func badUsageSaysWhatToDo(arguments: [String], message: String) throws {
        let outcome = try Self.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains(message), "stderr was: \(outcome.stderr)")
        // A sentence and where the options are, not ArgumentParser's whole usage text.
        #expect(!outcome.stderr.contains("Usage:"), "stderr was: \(outcome.stderr)")
        if !arguments.contains("--db") {
            let command = arguments.prefix { !$0.hasPrefix("-") && !$0.first!.isNumber }.joined(separator: " ")
            #expect(outcome.stderr.contains("See `camaudit \(command) --help` for the options."), "stderr was: \(outcome.stderr)")
        }
    }

    @Test func aScanIsSavedListedAndReportedAgain() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("scans.sqlite").path
        // Nothing listens on port 9 of a block of our own: an empty but complete scan.
        let network = "\(TestAddresses.block().base)/29"
        let scan = try Self.run(["scan", network, "--ports", "9", "--db", db, "--format", "json", "--timeout-ms", "300"])
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
        #expect(summaries.first?["targets"] as? [String] == [network])
        #expect(summaries.first?["deviceCount"] as? Int == 0)
        let csv = try Self.run(["scans", "--db", db, "--format", "csv"])
        #expect(csv.status == 0, "stderr: \(csv.stderr)")
        let rows = try CSVParsing.rows(csv.stdout)
        #expect(rows.first == ["id", "started_at", "finished_at", "status", "device_count", "video_device_count", "targets"])
        #expect(rows.count == 2 && rows.last?.first == id && rows.last?[3] == "completed" && rows.last?.last == network)
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
        let block = TestAddresses.block()
        try "# lab\n\(block.host(1))\n\n\(block.range(2, 3))   # two more\n".write(to: list, atomically: true, encoding: .utf8)
        let outcome = try CommandLineTests.run([
            "scan", "-iL", list.path, "--exclude", block.host(3).description, "--ports", "9", "--no-save",
            "--format", "json", "--timeout-ms", "300",
        ])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let metadata = report?["scan"] as? [String: Any]
        #expect(metadata?["addressesScanned"] as? Int == 2)
        #expect(metadata?["targets"] as? [String] == [block.host(1).description, block.range(2, 3)])
    }
}
