import ArgumentParser
import CamAuditStore
import CamAuditVerdicts

/// `camaudit report ID`: a saved scan rendered again.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Show a saved scan again, in any report format.")

    @Argument(help: "The scan id, or an unambiguous prefix of it (see `camaudit scans`).")
    var scanID: String

    @OptionGroup var output: OutputOptions

    @OptionGroup var database: DatabaseOption

    func run() throws {
        try output.checkDestination()
        do {
            var report = try database.open().report(id: scanID)
            // A scan still running or abandoned has only its hosts: verdicts and the plan are worked out here.
            if report.scan.status == .running || report.scan.status == .abandoned {
                report = try VerdictEngine.bundled().apply(to: report)
            }
            try output.write(report)
            // Only --fail-on: re-reading a scan that the deadline cut short is not itself cut short.
            try output.failOn.exit(for: report)
        } catch let error as StoreError {
            throw CommandLineMessages.refuse(error.description)
        }
    }
}
