import ArgumentParser
import CamAuditStore

/// `camaudit report ID`: a saved scan rendered again.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Show a saved scan again, in any report format.")

    @Argument(help: "The scan id, or an unambiguous prefix of it (see `camaudit scans`).")
    var scanID: String

    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The scan database (SQLite). Default: $XDG_DATA_HOME/camaudit/scans.sqlite.", valueName: "PATH"))
    var db: String?

    func run() throws {
        do {
            let report = try ScanStore(path: db ?? ScanStore.defaultPath()).report(id: scanID)
            try output.write(report)
        } catch let error as StoreError {
            throw ValidationError(error.description)
        }
    }
}
