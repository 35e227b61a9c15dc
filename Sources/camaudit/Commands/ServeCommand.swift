import ArgumentParser
import CamAuditCore
import CamAuditLab
import CamAuditScanner
import CamAuditServer
import CamAuditStore
import Foundation
import Hummingbird

/// `camaudit serve`: the saved scans over HTTP, as a JSON API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the saved scans: a dashboard and a JSON API, scans on demand and on schedules.",
        discussion: """
            The dashboard is at /, the API under /api/v1 (described at /api/v1/openapi.json), /healthz for probes. \
            Everything but /healthz needs a user: make the first admin with --init-admin NAME (the password is read from \
            standard input, or made and printed once when standard input is a terminal). Admins scan the targets \
            --allow-scan lists, now or on a schedule. Away from loopback the server needs TLS (--tls-cert, --tls-key). \
            --demo runs the whole thing on the built-in lab.
            """)

    @Option(help: "Address to listen on: loopback (127.0.0.1, ::1, localhost) unless --tls-cert and --tls-key are given.")
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("PEM certificate chain: serve HTTPS (session cookies get Secure).", valueName: "FILE"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "FILE"))
    var tlsKey: String?

    @Option(help: "TCP port to listen on (0: any free port, printed when the server is up).")
    var port: Int = APIServer.Settings.defaultPort

    @Option(help: ArgumentHelp("Make an admin user with this name, then serve (the password: see above).", valueName: "NAME"))
    var initAdmin: String?

    @Option(
        help: ArgumentHelp(
            "Targets the server may scan (from the dashboard, the API and schedules), comma-separated; none: it runs no scans.",
            valueName: "LIST"), transform: TargetInput.commaSeparated)
    var allowScan: [TargetSpecification]?

    @Option(help: ArgumentHelp("Ports the server's scans sweep: 80,443,8000-8100; 'camera' is the default camera set.", valueName: "LIST"))
    var scanPorts: String = "camera"

    @Flag(
        help:
            "Start the built-in lab on loopback, a throwaway database, a 'demo' admin (password printed), and a scan of the lab every minute; one lab device changes between runs so alerts fire."
    )
    var demo = false

    // Tests: the demo's schedule interval in seconds (one minute unless a test wants alerts sooner).
    @Option(help: .hidden) var demoInterval: Int = 60

    @OptionGroup var database: DatabaseOption

    func validate() throws {
        _ = try Self.ports(scanPorts)
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together.") }
        for file in [tlsCert, tlsKey].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("'\(file)' cannot be read; give a PEM file.")
        }
        let loopback = host == "localhost" || IPAddress(host).map { AddressScope(of: $0) == .loopback } ?? false
        guard loopback || tlsCert != nil else {
            throw ValidationError(
                "--host \(host) is not a loopback address: away from loopback camaudit serve needs TLS (--tls-cert FILE --tls-key FILE), "
                    + "so that passwords and session cookies never cross the network in clear; or use an SSH tunnel (ssh -L 8750:127.0.0.1:8750 HOST)."
            )
        }
    }

    static func ports(_ text: String) throws -> PortList {
        do { return try PortList(parsing: text) } catch { throw ValidationError("--scan-ports: \(error.description)") }
    }

    func run() async throws {
        if demo {
            try await ServeDemo.run(host: host, port: port, database: database.db, interval: max(demoInterval, 2))
            return
        }
        let store = try database.open()
        let path = database.path
        var settings = APIServer.Settings(host: host, port: port)
        if let tlsCert, let tlsKey { settings.tls = (tlsCert, tlsKey) }
        if let initAdmin {
            let (password, generated) = Self.readPassword()
            do {
                _ = try APIServer.createUser(name: initAdmin, password: password, role: .admin, store: store, settings: settings)
            } catch let error as HTTPError {
                throw CommandLineMessages.refuse("--init-admin: \(error.body ?? "the user cannot be made").")
            } catch {
                throw CommandLineMessages.refuse("--init-admin: \(error)")
            }
            CommandLineMessages.writeToStandardError(
                generated ? "Admin \(initAdmin) made; password (shown once): \(password)" : "Admin \(initAdmin) made.")
        }
        if try store.users().isEmpty {
            CommandLineMessages.writeToStandardError("No user exists yet: start once with --init-admin NAME to be able to log in.")
        }
        var jobs: ScanJobs?
        if let allowScan, !allowScan.isEmpty {
            let ports = try Self.ports(scanPorts)
            let made = ScanJobs(store: store, scanner: try Scanner.bundled(), allowed: allowScan) { targets in
                ScanRequest(targets: targets, ports: ports, deadline: .seconds(3600))
            }
            let alerts = AlertCenter(store: store)
            await made.onCompletion { report in await alerts.scanEnded(report) }
            jobs = made
        }
        try await Self.serve(store: store, settings: settings, jobs: jobs, path: path)
    }

    /// Serves until SIGINT or SIGTERM, with the scheduler running beside the server when scans are allowed.
    static func serve(store: ScanStore, settings: APIServer.Settings, jobs: ScanJobs?, path: String) async throws {
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        let scheme = settings.tls == nil ? "http" : "https"
        let application: any ApplicationProtocol
        do {
            application = try APIServer.application(store: store, settings: settings, jobs: jobs) { port in
                CommandLineMessages.writeToStandardError(
                    "Serving the scans in \(path): dashboard \(scheme)://\(host):\(port)/, API /api/v1 (OpenAPI: /api/v1/openapi.json); Ctrl-C stops."
                )
            }
        } catch {
            throw CommandLineMessages.refuse("The server cannot start: \(error)")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.runService() }
            if let jobs {
                group.addTask { await Scheduler(store: store, jobs: jobs).run() }
            }
            // The server returns when a signal stops it; the scheduler and any running scan stop with it.
            try await group.next()
            await jobs?.cancelAll()
            group.cancelAll()
        }
    }

    /// The first line of standard input when it is not a terminal; otherwise a new random password.
    static func readPassword() -> (password: String, generated: Bool) {
        if isatty(STDIN_FILENO) == 0, let line = readLine(strippingNewline: true), !line.isEmpty {
            return (line, false)
        }
        return (readPasswordGenerated(), true)
    }

    /// 20 characters from a set without look-alikes.
    static func readPasswordGenerated() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
