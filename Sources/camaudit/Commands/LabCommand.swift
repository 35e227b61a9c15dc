import ArgumentParser
import CamAuditCore
import CamAuditLab
import Foundation

/// `camaudit lab`: run the emulated device lab on loopback.
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run emulated cameras, recorders, decoys and hostile devices on loopback addresses.",
        subcommands: [Up.self]
    )

    /// `camaudit lab up`: start the lab, print what runs where, and wait for Ctrl-C or SIGTERM.
    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the lab and keep it running until Ctrl-C or SIGTERM."
        )

        @Option(help: "First address of the lab; device i listens on base + i + 1. Must be in 127.0.0.0/8.")
        var base: String = "127.42.0.0"

        @Option(help: "How many devices to start (profiles are used round-robin).")
        var devices: Int = 17

        @Option(help: "Comma-separated profile ids to use instead of all of them.")
        var profiles: String?

        @Option(
            help: ArgumentHelp(
                "Start N copies of every hostile profile (silent, tarpit, trickle, flood, honeypots, malformed XML) instead of --devices and --profiles.",
                valueName: "N"))
        var hostileCopies: Int?

        @Flag(help: "Add 10000 to ports below 1024 even when the real ports could be bound.")
        var unprivilegedPorts = false

        func validate() throws {
            guard let address = IPAddress(base), case .v4(let value) = address, value >> 24 == 127 else {
                throw ValidationError(
                    "The base \(base) is not in 127.0.0.0/8; the lab only listens on loopback, so use e.g. --base 127.42.0.0.")
            }
            guard devices > 0, devices <= 4096 else {
                throw ValidationError("--devices must be between 1 and 4096.")
            }
            if let hostileCopies {
                let kinds = max(1, Lab.hostileProfileIDs.count)
                guard hostileCopies > 0, hostileCopies * kinds <= 4096 else {
                    throw ValidationError(
                        "--hostile-copies must be between 1 and \(4096 / kinds) (\(kinds) hostile profiles, 4096 devices at most).")
                }
                guard profiles == nil else { throw ValidationError("--hostile-copies chooses the profiles; leave out --profiles.") }
            }
            if let profiles {
                let known = Set(Lab.profileIDs)
                for id in profiles.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !known.contains(id) {
                    throw ValidationError("Unknown profile '\(id)'. Known profiles: \(Lab.profileIDs.joined(separator: ", ")).")
                }
            }
        }

        func run() async throws {
            guard let address = IPAddress(base) else { throw ValidationError("The base \(base) is not an IP address.") }
            let lab: Lab
            if let hostileCopies {
                lab = try await Lab.start(base: address, hostileCopies: hostileCopies, allowPrivilegedPorts: !unprivilegedPorts)
            } else {
                let chosen = profiles?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                lab = try await Lab.start(base: address, deviceCount: devices, profiles: chosen, allowPrivilegedPorts: !unprivilegedPorts)
            }
            print(Self.table(lab))
            if lab.portOffset != 0 {
                print("Ports below 1024 are shifted by +\(lab.portOffset) (no permission to bind them).")
            }
            print("Lab running; press Ctrl-C to stop.")
            fflush(nil)
            await Self.waitForTermination()
            try await lab.shutdown()
            print("Lab stopped.")
        }

        static func table(_ lab: Lab) -> String {
            var rows = [["ADDRESS", "PROFILE", "PORTS", "EXPECTED"]]
            for device in lab.devices {
                let e = device.expected
                let identity = [e.manufacturer, e.brand.map { "(\($0))" }, e.model, e.firmware].compactMap { $0 }.joined(separator: " ")
                rows.append([
                    device.address.description, device.profile, device.ports.map(String.init).joined(separator: ","),
                    (identity.isEmpty ? "-" : identity) + " [\(e.deviceType.rawValue)]" + (device.isHostile ? " hostile" : ""),
                ])
            }
            let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
            return rows.map { row in
                row.enumerated().map { index, cell in
                    index == 3 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                }.joined(separator: "  ")
            }.joined(separator: "\n")
        }

        /// Suspends until SIGINT or SIGTERM arrives.
        static func waitForTermination() async {
            signal(SIGINT, SIG_IGN)
            signal(SIGTERM, SIG_IGN)
            let stream = AsyncStream<Void> { continuation in
                let sources = [SIGINT, SIGTERM].map { number in
                    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                    source.setEventHandler { continuation.yield() }
                    source.resume()
                    return source
                }
                let retained = RetainedSignalSources(sources: sources)
                continuation.onTermination = { _ in retained.cancel() }
            }
            for await _ in stream { break }
        }
    }
}

/// Keeps the signal sources alive until the wait ends; they are only touched to cancel them.
private final class RetainedSignalSources: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(sources: [any DispatchSourceSignal]) {
        self.sources = sources
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
