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
                throw CommandLineMessages.refuse(
                    "Cannot write the report to '\(output)' (\(error.localizedDescription)); give a file in a folder you can write to with -o."
                )
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }

    /// Writes the report where asked; when `-o FILE` cannot be written, writes it to standard output instead
    /// and returns why, so a finished scan's report is never lost.
    func writeOrFallBack(_ report: ScanReport) throws -> String? {
        let data = try format.render(report, camerasOnly: camerasOnly)
        guard let output else {
            FileHandle.standardOutput.write(data)
            return nil
        }
        do {
            try data.write(to: URL(fileURLWithPath: output))
            return nil
        } catch {
            FileHandle.standardOutput.write(data)
            return error.localizedDescription
        }
    }

    /// Refuses an `-o FILE` that cannot be written (a missing or read-only folder, a folder given as the file),
    /// before any work: a scan must not end with nowhere to put its report.
    func checkDestination() throws {
        guard let output else { return }
        if let problem = Self.destinationProblem(output, option: "-o") { throw CommandLineMessages.refuse(problem) }
    }

    /// Why `path` cannot be written as a new or replaced file, or nil.
    static func destinationProblem(_ path: String, option: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return "\(option) '\(path)' is a folder; give a file name, e.g. \(url.appendingPathComponent("report.txt").path)."
        }
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            return
                "\(option) '\(path)': the folder \(folder) does not exist; create it (mkdir -p \(folder)) or give a file in an existing folder."
        }
        if FileManager.default.fileExists(atPath: path)
            ? !FileManager.default.isWritableFile(atPath: path)
            : !FileManager.default.isWritableFile(atPath: folder)
        {
            return "\(option) '\(path)' cannot be written (permission denied); give a file in a folder you can write to."
        }
        return nil
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
        do { return try ScanStore(path: path) } catch { throw CommandLineMessages.refuse(error.description) }
    }
}

/// Which scan database a new scan is saved in, if any.
struct StoreOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOption

    @Flag(help: "Do not save this scan.")
    var noSave = false

    var path: String { database.path }

    /// The store a new scan will be saved in, opened and checked for writing before any packet is sent;
    /// nil with --no-save. A folder, a file that is not a scan database or one that cannot be written is refused.
    func openForSaving() throws -> ScanStore? {
        guard !noSave else { return nil }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw CommandLineMessages.refuse(
                "--db '\(path)' is a folder; give a database file, e.g. --db \(URL(fileURLWithPath: path).appendingPathComponent("scans.sqlite").path), or --no-save. Nothing was scanned."
            )
        }
        do {
            let store = try ScanStore(path: path)
            try store.checkWritable()
            return store
        } catch {
            throw CommandLineMessages.refuse("\(error.description) Nothing was scanned (--no-save scans without saving).")
        }
    }
}
