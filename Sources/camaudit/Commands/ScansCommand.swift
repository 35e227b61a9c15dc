import ArgumentParser
import CamAuditStore
import Foundation

extension ScanListing.Format: ExpressibleByArgument {}

/// `camaudit scans`: the saved scans, newest first.
struct ScansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scans", abstract: "List the saved scans, newest first.")

    @Option(help: "How many scans to list.")
    var limit: Int = 50

    @Option(help: "Output format: table (terminal), json (an array of scan summaries), csv (RFC 4180, with a header row).")
    var format: ScanListing.Format = .table

    @OptionGroup var database: DatabaseOption

    func run() throws {
        let store = try database.open()
        let scans: [StoredScan]
        do { scans = try store.scans(limit: limit) } catch { throw CommandLineMessages.refuse(error.description) }
        print(try ScanListing.render(scans, as: format), terminator: "")
    }
}
