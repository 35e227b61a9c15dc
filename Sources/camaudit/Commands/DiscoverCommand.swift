import ArgumentParser
import CamAuditCatalog
import CamAuditCore
import CamAuditDiscovery
import CamAuditIdentification
import Foundation

/// `camaudit discover`: asks devices to describe themselves over SADP, DHDiscover, WS-Discovery, SSDP and mDNS.
struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Find devices by their own discovery protocols (SADP, DHDiscover, WS-Discovery, SSDP, mDNS).",
        discussion: """
            With targets, probes each address by unicast and ignores answers from any other address. \
            With --interface-address and no targets, probes the discovery multicast groups out of the interface \
            that has that address. Prints each answering address with its identity and the raw discovery fields.
            """)

    @Argument(help: "Addresses, networks (127.1.0.0/24) or ranges (127.1.0.10-40) to probe by unicast.", transform: TargetInput.target)
    var targets: [TargetSpecification] = []

    @Option(
        name: .customLong("interface-address"),
        help: ArgumentHelp(
            "Probe by multicast out of the interface that has this IPv4 address.", valueName: "ADDR"))
    var interfaceAddress: String?

    @Option(
        name: .customLong("interface"),
        help: ArgumentHelp(
            "Probe by multicast out of this interface (by name, e.g. lo or a veth end); the same as --interface-address with its IPv4 address.",
            valueName: "IF"))
    var interfaceName: String?

    @Option(help: "Seconds to wait for answers after the last probe.")
    var timeout: Double = 2

    @Option(help: "Output format: table or json.")
    var format: DiscoverFormat = .table

    @Flag(name: .customLong("allow-public"), help: "Allow publicly routable targets (only on networks you are authorised to test).")
    var allowPublic = false

    enum DiscoverFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    func validate() throws {
        guard !targets.isEmpty || interfaceAddress != nil || interfaceName != nil else {
            throw ValidationError(
                "Give targets to probe by unicast (for example 192.168.1.0/24), or --interface IF / --interface-address ADDR for multicast."
            )
        }
        guard targets.isEmpty || (interfaceAddress == nil && interfaceName == nil) else {
            throw ValidationError("Use either targets (unicast) or --interface/--interface-address (multicast), not both.")
        }
        guard interfaceAddress == nil || interfaceName == nil else {
            throw ValidationError("Give --interface or --interface-address, not both.")
        }
        if let interfaceName, NetworkInterfaces.ipv4Address(named: interfaceName) == nil {
            throw ValidationError("No interface called '\(interfaceName)' with an IPv4 address; `ip -4 addr` lists them.")
        }
        if let interfaceAddress, IPAddress(interfaceAddress)?.isIPv4 != true {
            throw ValidationError("--interface-address must be an IPv4 address of one of this machine's interfaces.")
        }
        guard timeout > 0, timeout <= 60 else { throw ValidationError("--timeout must be between 0 and 60 seconds.") }
    }

    func run() async throws {
        let discoverer = Discoverer()
        let wait = Duration.milliseconds(Int64(timeout * 1000))
        let result: DiscoveryResult
        if let address = interfaceName.flatMap(NetworkInterfaces.ipv4Address(named:)) ?? interfaceAddress.flatMap({ IPAddress($0) }) {
            do {
                result = try await discoverer.discover(multicastOn: address, timeout: wait)
            } catch {
                throw CommandLineMessages.failure(error)
            }
        } else {
            let targetSet: TargetSet
            do {
                targetSet = try await TargetResolution.resolve(targets, allowPublic: allowPublic, timeout: .seconds(5)).addresses
            } catch {
                throw CommandLineMessages.usage(error)
            }
            result = await discoverer.discover(unicast: Array(targetSet), timeout: wait)
        }
        let identifier = Identifier(catalog: try FingerprintCatalog.bundled())
        let devices = result.observations.keys.sorted().map { address in
            DiscoveredDevice(
                address: address, identity: identifier.identify(result.observations[address] ?? []),
                observations: result.observations[address] ?? [])
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let report = DiscoverReport(
                devices: devices, notes: result.notes, droppedUnsolicited: result.droppedUnsolicited,
                malformedReplies: result.malformedReplies)
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        case .table:
            var text = ""
            for device in devices {
                let identity = device.identity
                text +=
                    "\(device.address)  \(identity.manufacturer ?? "-")"
                    + (identity.brand.map { " (\($0))" } ?? "")
                    + "  \(identity.model ?? "-")  \(identity.firmware ?? "-")  \(identity.deviceType.rawValue)\n"
                for observation in device.observations { text += "    \(observation.field) = \(observation.value)\n" }
            }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        for note in result.notes { CommandLineMessages.writeToStandardError("note: \(note)") }
        CommandLineMessages.writeToStandardError(
            "\(devices.count) device(s) answered; \(result.malformedReplies) malformed repl(ies) ignored; "
                + "\(result.droppedUnsolicited) repl(ies) from unprobed addresses dropped")
    }
}

/// One answering address in `camaudit discover --format json`.
struct DiscoveredDevice: Encodable {
    var address: IPAddress
    var identity: Identity
    var observations: [Observation]
}

/// The whole `camaudit discover --format json` document.
struct DiscoverReport: Encodable {
    var devices: [DiscoveredDevice]
    var notes: [String]
    var droppedUnsolicited: Int
    var malformedReplies: Int
}
