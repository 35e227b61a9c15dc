import ArgumentParser
import CamAuditCore
import CamAuditReports
import CamAuditStore
import Foundation

/// The formats `camaudit diff` writes.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// `camaudit diff A B`: what changed between two saved scans.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two saved scans: new and vanished devices, firmware, findings.",
        discussion: """
            SCAN_A is the baseline and SCAN_B the scan compared with it. Devices are paired by address; a device \
            whose address changed is paired by its serial number or MAC address when both scans read one, and the \
            diff says so. A vanished device's findings are listed as gone with it, not as fixed.
            """)

    @Argument(help: ArgumentHelp("The baseline scan: an id or an unambiguous prefix (see `camaudit scans`).", valueName: "SCAN_A"))
    var older: String

    @Argument(help: ArgumentHelp("The scan to compare with the baseline.", valueName: "SCAN_B"))
    var newer: String

    @Option(help: "Diff format: table (for people) or json (schema/scan-diff.schema.json).")
    var format: DiffFormat = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write the diff to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Exit with status 2 when SCAN_B has a new finding of at least this severity (on a device in both scans or a new one), "
                + "or, for 'covered', a device newly covered by a ban.",
            valueName: "LEVEL"))
    var failOnNew: FailureLevel?

    @OptionGroup var database: DatabaseOption

    func run() throws {
        if let output, let problem = OutputOptions.destinationProblem(output, option: "-o") { throw CommandLineMessages.refuse(problem) }
        let diff: ScanDiff
        do {
            let store = try database.open()
            let (baseline, compared) = (try store.report(id: older), try store.report(id: newer))
            if baseline.scan.id == compared.scan.id {
                // Still a diff (empty, status 0, as scripts comparing a scan with itself expect), but said plainly.
                let how = older == newer ? "" : ": '\(older)' and '\(newer)' both name it"
                CommandLineMessages.writeToStandardError(
                    "camaudit diff: SCAN_A and SCAN_B are the same scan (\(baseline.scan.id))\(how), "
                        + "so nothing can differ. Give two different scans to compare (`camaudit scans` lists them).")
            }
            diff = ScanDiff(older: baseline, newer: compared)
        } catch let error as StoreError {
            throw CommandLineMessages.refuse(error.description)
        }
        let data: Data
        switch format {
        case .table: data = Data(ScanDiffTable().render(diff).utf8)
        case .json: data = try ScanDiffJSON.encode(diff)
        }
        if let output {
            do {
                try data.write(to: URL(fileURLWithPath: output))
            } catch {
                throw CommandLineMessages.refuse(
                    "Cannot write the diff to '\(output)' (\(error.localizedDescription)); give a file in a folder you can write to with -o."
                )
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
        if let failOnNew, failOnNew.isMet(by: diff) {
            FileHandle.standardError.write(
                Data(
                    "camaudit: --fail-on-new \(failOnNew.rawValue): the newer scan has \(failOnNew.phrase) that the baseline did not\n".utf8
                ))
            throw ExitCode(FailureLevel.exitCode)
        }
    }
}
