import ArgumentParser
import CamAuditCore
import CamAuditDiscovery
import CamAuditScanner
import CamAuditStore
import Foundation

/// Runs a scan with progress on stderr, saves it, prints it: shared by `scan` and `demo`.
enum ScanRunner {
    /// What must be usable before any packet is sent: the database the scan will be saved in (nil with
    /// --no-save) and `-o`'s folder. A problem is refused here, exit status 64, with nothing scanned.
    static func prepare(output: OutputOptions, store: StoreOptions) throws -> ScanStore? {
        try output.checkDestination()
        return try store.openForSaving()
    }

    /// Runs the scan; `finishing` may add to the report (the demo's traffic audit) before it is saved and written.
    /// `saving` is `prepare`'s store: the scan's row is written when it starts and each host as it completes.
    /// `resumeArguments` is the command line `scan --resume` would run again (nil: the scan cannot be resumed).
    /// "Saved as" is printed only after the save committed; a save or write that fails after the scan exits
    /// with status 5 and says where the results are. SIGINT or SIGTERM stops the scan: the hosts done are saved
    /// and written, and the exit status is 128 + the signal.
    static func run(
        _ request: ScanRequest, output: OutputOptions, store: StoreOptions, saving: ScanStore?, quietSave: Bool = false,
        resumeArguments: [String]? = nil, finishing: (ScanReport) throws -> ScanReport = { $0 }
    ) async throws -> ScanReport {
        let scanner = try Scanner.bundled()
        var request = request
        let journal = saving.map { StoreJournal(store: $0, arguments: request.resuming == nil ? resumeArguments : nil) }
        request.journal = journal
        let resumable = saving != nil && (resumeArguments != nil || request.resuming != nil)
        let bar = ProgressBar()
        let interruption = ScanInterruption()
        let scan = Task { [request] in try await scanner.run(request) { bar.show($0) } }
        let sources = interruption.listen { scan.cancel() }
        defer { interruption.stop(sources) }
        var report: ScanReport
        do {
            report = try await scan.value
        } catch let error as TargetError {
            bar.finish()
            throw CommandLineMessages.usage(error)
        } catch let error as SweepError {
            bar.finish()
            throw CommandLineMessages.failure(error)
        }
        bar.finish()
        report = try finishing(report)
        let path = store.path
        var saveFailure: StoreError?
        if let saving {
            do { try saving.finish(report) } catch { saveFailure = error }
        }
        let writeFailure = try output.writeOrFallBack(report)
        let saved = saving != nil && saveFailure == nil
        let interrupted = report.scan.status == .interrupted ? interruption.signal : nil
        if saved && !quietSave && interrupted == nil {
            CommandLineMessages.writeToStandardError("Saved as scan \(report.scan.id) in \(path)")
        }
        let whereReport =
            output.output.map { writeFailure == nil ? "written to \($0)" : "on standard output above" } ?? "on standard output above"
        if let saveFailure {
            throw CommandLineMessages.refuse(
                "The scan ran but was not saved in \(path): \(saveFailure) Its report is \(whereReport); "
                    + "keep it, or scan again with another --db.", status: ExitStatus.notSaved)
        }
        if let writeFailure, let file = output.output {
            let again =
                saved
                ? " The scan is saved as \(report.scan.id): `camaudit report \(report.scan.id) --format \(output.format.rawValue) -o FILE` writes it again."
                : ""
            throw CommandLineMessages.refuse(
                "Cannot write the report to '\(file)' (\(writeFailure)); it was written to standard output instead.\(again)",
                status: ExitStatus.notSaved)
        }
        if let interrupted {
            let name = interrupted == SIGINT ? "SIGINT" : "SIGTERM"
            let next: String
            if !saved {
                next = "it was not saved (--no-save), so it cannot be resumed; its report is \(whereReport)."
            } else if resumable {
                let database = store.database.db.map { " --db \($0)" } ?? ""
                next =
                    "saved as scan \(report.scan.id) in \(path); `camaudit scan --resume \(report.scan.id)\(database)` continues with the hosts not done."
            } else {
                next = "saved as scan \(report.scan.id) in \(path); its report is \(whereReport)."
            }
            CommandLineMessages.writeToStandardError("Interrupted by \(name) after \(report.devices.count) hosts were done: \(next)")
            throw ExitCode(128 + interrupted)
        }
        return report
    }
}
