import CamAuditCore
import CamAuditLab
import CamAuditScanner
import CamAuditServer
import CamAuditStore
import Foundation

/// `camaudit serve --demo`: the lab on loopback, a throwaway database, a `demo` admin, and a scan of the
/// lab every minute. Between runs one lab device changes so the alerts have something to say: it appears
/// (a new device of a covered maker), then its firmware changes (another Hikvision profile at the same
/// address), then it is gone, and so on.
enum ServeDemo {
    static let base = "127.43.0.0"
    /// The device that changes, at the end of the lab's /24.
    static let changingAddress = "127.43.0.200"
    /// What stands at `changingAddress` after each run, in turn (nil: nothing).
    static let changes: [String?] = ["hikvision-ipc-old", "hikvision-ipc-new", nil]

    static func run(host: String, port: Int, database: String?, interval: Int) async throws {
        let path =
            database
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-serve-demo-\(UUID().uuidString.prefix(8)).sqlite")
            .path
        let store: ScanStore
        do { store = try ScanStore(path: path) } catch { throw CommandLineMessages.refuse(error.description) }
        guard let baseAddress = IPAddress(base) else { throw CommandLineMessages.refuse("the demo's base address is not valid") }
        let lab = try await Lab.start(base: baseAddress, deviceCount: 24)
        let changing = ChangingDevice(address: IPAddress(changingAddress)!)
        let network = try TargetSpecification(parsing: "\(base)/24")
        let ports = PortList(Array(Set(lab.devices.flatMap(\.ports))))
        let hints = lab.portHints
        let settings = APIServer.Settings(host: host, port: port)
        let password = ServeCommand.readPasswordGenerated()
        _ = try APIServer.createUser(name: "demo", password: password, role: .admin, store: store, settings: settings)
        let jobs = ScanJobs(store: store, scanner: try Scanner.bundled(), allowed: [network]) { [hints] targets in
            var request = ScanRequest(
                targets: targets, ports: ports, stepTimeout: .milliseconds(1500), hostConcurrency: 64, deadline: .seconds(50),
                portHints: hints)
            request.checks?.loginPause = .milliseconds(20)
            return request
        }
        let alerts = AlertCenter(store: store)
        await jobs.onCompletion { report in
            await alerts.scanEnded(report)
            await changing.next()
        }
        _ = try store.createSchedule(targets: [network.text], intervalSeconds: interval, firstRunAt: Date(), createdBy: "demo")
        CommandLineMessages.writeToStandardError(
            """
            Demo: \(lab.devices.count) emulated devices on \(lab.devices.first!.address)-\(lab.devices.last!.address) (loopback only), \
            a scan of \(network.text) every \(interval) s; \(changingAddress) changes between runs.
            Log in as demo with the password \(password) (database \(path)).
            """)
        do {
            try await ServeCommand.serve(store: store, settings: settings, jobs: jobs, path: path)
        } catch {
            await changing.stop()
            try? await lab.shutdown()
            throw error
        }
        await changing.stop()
        try await lab.shutdown()
    }

    /// The lab device that changes between the demo's runs.
    actor ChangingDevice {
        let address: IPAddress
        private var lab: Lab?
        private var step = 0

        init(address: IPAddress) { self.address = address }

        func next() async {
            if let lab { try? await lab.shutdown() }
            lab = nil
            let profile = ServeDemo.changes[step % ServeDemo.changes.count]
            step += 1
            guard let profile, case .v4(let value) = address else { return }
            lab = try? await Lab.start(base: .v4(value - 1), deviceCount: 1, profiles: [profile])
        }

        func stop() async {
            if let lab { try? await lab.shutdown() }
            lab = nil
        }
    }
}
