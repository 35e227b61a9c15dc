import ArgumentParser
import CamAuditCore
import CamAuditReports
import CamAuditStore
import Foundation

extension ReportFormat: ExpressibleByArgument {}

/// Where and how a report is written.
struct OutputOptions: ParsableArguments {
    @Option(
        help:
            "Report format: table (terminal), json (schema/scan-report.schema.json), csv (spreadsheets), markdown (tickets), html (one self-contained page), cyclonedx (CycloneDX 1.6 hardware BOM)."
    )
    var format: ReportFormat = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    @Flag(help: "In the table, show only cameras, NVRs, DVRs and encoders.")
    var camerasOnly = false

    @OptionGroup var failOn: FailOnOption

    func write(_ report: ScanReport) throws {
        let data = try format.render(report, camerasOnly: camerasOnly)
        if let output {
            do {
                try data.write(to: URL(fileURLWithPath: output))
            } catch {
                throw ValidationError("Cannot write the report to '\(output)': \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }

    /// Exit status: 0 when the scan ran to the end, 2 when `--fail-on` is met (even in a cut-short scan),
    /// 3 when --deadline cut it short.
    func exit(for report: ScanReport) throws {
        try failOn.exit(for: report)
        if report.scan.status == .deadline {
            throw ExitCode(3)
        }
    }
}

/// Which scan database to use.
struct DatabaseOption: ParsableArguments {
    @Option(help: ArgumentHelp("The scan database (SQLite). Default: $XDG_DATA_HOME/camaudit/scans.sqlite.", valueName: "PATH"))
    var db: String?

    var path: String { db ?? ScanStore.defaultPath() }

    func open() throws -> ScanStore {
        do { return try ScanStore(path: path) } catch { throw ValidationError(error.description) }
    }
}

/// Which scan database a new scan is saved in, if any.
struct StoreOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOption

    @Flag(help: "Do not save this scan.")
    var noSave = false

    var path: String { database.path }
}
