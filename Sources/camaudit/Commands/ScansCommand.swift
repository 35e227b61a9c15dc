import ArgumentParser
import CamAuditStore
import Foundation

/// `camaudit scans`: the saved scans, newest first.
struct ScansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scans", abstract: "List the saved scans, newest first.")

    @Option(help: "How many scans to list.")
    var limit: Int = 50

    @OptionGroup var database: DatabaseOption

    func run() throws {
        let store = try database.open()
        let scans: [StoredScan]
        do { scans = try store.scans(limit: limit) } catch { throw ValidationError(error.description) }
        if scans.isEmpty {
            print("No saved scans yet: run `camaudit scan TARGET` or `camaudit demo`.")
            return
        }
        let formatter = ISO8601DateFormatter()
        print("ID                      STARTED               STATUS     HOSTS  CAMERAS  TARGETS")
        for scan in scans {
            let columns = [
                scan.id.padding(toLength: 22, withPad: " ", startingAt: 0),
                formatter.string(from: scan.startedAt).padding(toLength: 20, withPad: " ", startingAt: 0),
                scan.status.padding(toLength: 9, withPad: " ", startingAt: 0),
                String(scan.deviceCount).padding(toLength: 5, withPad: " ", startingAt: 0),
                String(scan.videoDeviceCount).padding(toLength: 7, withPad: " ", startingAt: 0),
                scan.targets,
            ]
            print(columns.joined(separator: "  "))
        }
    }
}
