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
    /// `saving` is `prepare`'s store. "Saved as" is printed only after the save committed; a save or write that
    /// fails after the scan exits with status 5 and says where the results are.
    static func run(
        _ request: ScanRequest, output: OutputOptions, store: StoreOptions, saving: ScanStore?, quietSave: Bool = false,
        finishing: (ScanReport) throws -> ScanReport = { $0 }
    ) async throws -> ScanReport {
        let scanner = try Scanner.bundled()
        let bar = ProgressBar()
        var report: ScanReport
        do {
            report = try await scanner.run(request) { bar.show($0) }
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
            do { try saving.save(report) } catch { saveFailure = error }
        }
        let writeFailure = try output.writeOrFallBack(report)
        let saved = saving != nil && saveFailure == nil
        if saved && !quietSave {
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
        return report
    }
}
