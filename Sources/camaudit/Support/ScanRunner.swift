import ArgumentParser
import CamAuditCore
import CamAuditDiscovery
import CamAuditScanner
import CamAuditStore
import Foundation

/// Runs a scan with progress on stderr, saves it, prints it: shared by `scan` and `demo`.
enum ScanRunner {
    /// Runs the scan; `finishing` may add to the report (the demo's traffic audit) before it is saved and written.
    static func run(
        _ request: ScanRequest, output: OutputOptions, store: StoreOptions, quietSave: Bool = false,
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
        if !store.noSave {
            do {
                try ScanStore(path: path).save(report)
            } catch {
                FileHandle.standardError.write(Data("camaudit: the scan was not saved: \(error)\n".utf8))
            }
        }
        try output.write(report)
        if !store.noSave && !quietSave {
            FileHandle.standardError.write(Data("Saved as scan \(report.scan.id) in \(path)\n".utf8))
        }
        return report
    }
}
