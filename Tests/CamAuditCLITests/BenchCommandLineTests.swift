import Foundation
import Testing

/// `camaudit-bench`, the benchmarks' own program: its help is pinned, it refuses bad options before it
/// starts any lab, and `camaudit` itself no longer carries the benchmarks.
@Suite("camaudit-bench")
struct BenchCommandLineTests {
    @Test(arguments: [
        ["--help"], ["audit", "--help"], ["identify", "--help"], ["sweep", "--help"], ["traffic", "--help"], ["report", "--help"],
        ["hostile", "--help"],
    ])
    func helpIsPinned(arguments: [String]) throws {
        try CommandLineTests.expectHelpPinned(arguments, program: "camaudit-bench")
    }

    @Test(arguments: [
        (["audit", "--sizes", "300,abc"], "'abc' is not a number of devices"),
        (["audit", "--sizes", "300,5000"], "5000 devices is outside 1...4096"),
        (["audit", "--devices", "0"], "--devices must be between 1 and 4096"),
        (["audit", "--host-concurrency", "0"], "--host-concurrency must be at least 1"),
        (["audit", "--base", "10.0.0.0"], "--base must be an IPv4 loopback address"),
        (["identify", "--base", "10.0.0.0"], "--base must be an IPv4 loopback address"),
        (["sweep", "--listeners", "0"], "--listeners must be between 1 and 1000"),
        (["report", "--only", "pdf"], "--only must be none or one of: table, json"),
        (["hostile", "--copies", "0"], "--copies must be between 1 and"),
        (["hostile", "--base", "10.0.0.0"], "--base must be an IPv4 loopback address"),
    ])
    func badOptionsAreRefused(arguments: [String], message: String) throws {
        let outcome = try CommandLineTests.run(arguments, program: "camaudit-bench")
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains(message), "stderr was: \(outcome.stderr)")
    }

    @Test func auditHelpNamesTheSizesAndTheirDefault() throws {
        let outcome = try CommandLineTests.run(["audit", "--help"], program: "camaudit-bench")
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("--sizes <LIST>"))
        #expect(outcome.stdout.contains("default: 300,1000,3000"))
        #expect(!outcome.stdout.contains("--scan-child"))
    }

    @Test func reportRendersEveryFormatOfASmallSyntheticScan() throws {
        for format in ["none", "table", "json", "csv", "markdown", "html", "cyclonedx"] {
            let outcome = try CommandLineTests.run(["report", "--devices", "3", "--only", format], program: "camaudit-bench")
            #expect(outcome.status == 0, "\(format): \(outcome.stderr)")
            let fields = outcome.stdout.split(separator: "\n").last?.split(separator: " ") ?? []
            #expect(fields.count == 3 && fields[0] == format, "\(format): \(outcome.stdout)")
            #expect((Int(fields.last ?? "") ?? -1) > 0 || format == "none", "\(format) wrote some bytes")
        }
    }

    @Test func camauditNoLongerCarriesTheBenchmarks() throws {
        let outcome = try CommandLineTests.run(["bench", "audit"])
        #expect(outcome.status == 64)
        #expect(
            outcome.stderr.lowercased().contains("unexpected argument") && outcome.stderr.contains("'bench'"),
            "stderr was: \(outcome.stderr)")
    }
}
