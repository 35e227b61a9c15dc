import Foundation
import Testing

/// `camaudit bench audit` refuses bad sizes before it starts any lab.
@Suite("bench audit options")
struct BenchAuditOptionsTests {
    @Test(arguments: [
        (["bench", "audit", "--sizes", "300,abc"], "'abc' is not a number of devices"),
        (["bench", "audit", "--sizes", "300,5000"], "5000 devices is outside 1...4096"),
        (["bench", "audit", "--devices", "0"], "--devices must be between 1 and 4096"),
        (["bench", "audit", "--host-concurrency", "0"], "--host-concurrency must be at least 1"),
        (["bench", "audit", "--base", "10.0.0.0"], "--base must be an IPv4 loopback address"),
    ])
    func badOptionsAreRefused(arguments: [String], message: String) throws {
        let outcome = try CommandLineTests.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains(message), "stderr was: \(outcome.stderr)")
    }

    @Test func helpNamesTheSizesAndTheirDefault() throws {
        let outcome = try CommandLineTests.run(["bench", "audit", "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("--sizes <LIST>"))
        #expect(outcome.stdout.contains("default: 300,1000,3000"))
        #expect(!outcome.stdout.contains("--scan-child"))
    }
}
