import ArgumentParser
import CamAuditCore
import CamAuditLab
import CamAuditScanner
import Foundation

/// `camaudit demo`: the built-in lab of emulated devices on loopback, audited end to end.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start a lab of emulated cameras, recorders, decoys and hostile devices on loopback and audit it.",
        discussion: "Nothing leaves this machine: the lab listens on 127.x.y.z addresses only, and the scan targets only them.")

    @Option(help: ArgumentHelp("The lab's /24 on loopback (127.0.0.0/8 only).", valueName: "ADDRESS"))
    var base: String = "127.42.0.0"

    @Option(help: "How many emulated devices to start (every kind appears once before any repeats).")
    var devices: Int?

    @Option(help: ArgumentHelp("Stop the audit after this many seconds.", valueName: "SECONDS"))
    var deadline: Int = 120

    @Option(help: "Timeout of each network step, in milliseconds.")
    var timeoutMs: Int = 2000

    @Flag(help: "Skip the traffic audit (the lab's phone-home capture read back with `camaudit traffic`'s analysis).")
    var noTraffic = false

    @OptionGroup(title: "Security checks") var checks: CheckFlags
    @OptionGroup var output: OutputOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        try checks.validate()
        guard let address = IPAddress(base), AddressScope(of: address) == .loopback, address.isIPv4 else {
            throw ValidationError("--base must be an IPv4 loopback address such as 127.42.0.0: the demo never leaves this machine.")
        }
        if let devices, !(1...250).contains(devices) {
            throw ValidationError("--devices must be between 1 and 250 (one /24 of loopback).")
        }
    }

    func run() async throws {
        guard let baseAddress = IPAddress(base) else { throw ValidationError("--base is not an address.") }
        let target = try TargetSpecification(parsing: "\(base)/24")
        // The database and -o's folder are checked before the lab starts.
        let saving = try ScanRunner.prepare(output: output, store: store)
        let lab = try await Lab.start(base: baseAddress, deviceCount: devices ?? Lab.profileIDs.count)
        let labPorts = Set(lab.devices.flatMap(\.ports))
        FileHandle.standardError.write(
            Data(
                "Lab: \(lab.devices.count) emulated devices on \(lab.devices.first!.address)-\(lab.devices.last!.address), ports \(labPorts.sorted().map(String.init).joined(separator: ","))\n"
                    .utf8))
        var request = ScanRequest(
            targets: [target], ports: PortList(Array(labPorts)),
            stepTimeout: .milliseconds(timeoutMs), deadline: .seconds(deadline), portHints: lab.portHints)
        request.checks = try checks.options(stepTimeout: request.stepTimeout)
        request.router = checks.routerURL
        let report: ScanReport
        var traffic: DemoTraffic?
        do {
            report = try await ScanRunner.run(request, output: output, store: store, saving: saving) { scanned in
                guard !noTraffic else { return scanned }
                let audit = try DemoTraffic.audit(scanned, lab: lab, phone: Self.phoneAddress(base: baseAddress))
                traffic = audit
                return audit.report
            }
        } catch {
            try? await lab.shutdown()
            throw error
        }
        try await lab.shutdown()
        if output.format == .table {
            print(Self.scorecard(report: report, lab: lab, traffic: traffic))
        }
        try output.exit(for: report)
    }

    /// The owner's phone in the lab's capture: the last address of the lab's /24, where no device listens.
    static func phoneAddress(base: IPAddress) -> IPAddress {
        guard case .v4(let value) = base else { return base }
        return .v4(value & 0xFFFF_FF00 | 254)
    }

    /// How the audit compares with what the lab knows it is running.
    static func scorecard(report: ScanReport, lab: Lab, traffic: DemoTraffic? = nil) -> String {
        var lines = ["", "Lab check (what each emulated device really is, against what camaudit found):"]
        var right = 0
        for device in lab.devices {
            let found = report.devices.first { $0.address == device.address }
            let expected = device.expected
            let makerOK = found?.manufacturer == expected.manufacturer && found?.brand == expected.brand
            let typeOK = found?.deviceType == expected.deviceType || (expected.deviceType == .unknown && found == nil)
            let ok = (found != nil || device.isHostile) && makerOK && typeOK
            if ok { right += 1 }
            let expectedText = [expected.manufacturer ?? "-", expected.brand.map { "(\($0))" } ?? "", expected.deviceType.rawValue].filter {
                !$0.isEmpty
            }.joined(separator: " ")
            let foundText =
                found.map {
                    [$0.manufacturer ?? "-", $0.brand.map { "(\($0))" } ?? "", $0.deviceType.rawValue].filter { !$0.isEmpty }.joined(
                        separator: " ")
                } ?? "not reported"
            lines.append(
                "  \(ok ? "ok  " : "MISS") \(device.address.description.padding(toLength: 14, withPad: " ", startingAt: 0)) \(device.profile.padding(toLength: 22, withPad: " ", startingAt: 0)) expected \(expectedText); found \(foundText)"
            )
        }
        lines.append("  \(right)/\(lab.devices.count) devices identified as the lab defines them")
        if let checks = report.scan.checks {
            let score = FindingScorecard(
                report: report, devices: lab.devices, intrusive: checks.mode == .intrusive, traffic: traffic != nil)
            let total = score.total
            lines.append("")
            lines.append(
                "Security findings against what the lab planted (\(checks.mode) run, \(checks.requestsSent) check requests, "
                    + "\(checks.intrusiveRequests.count) intrusive):")
            lines.append(
                "  \(total.truePositives) of \(total.truePositives + total.misses) planted findings found, \(total.falsePositives) false positives"
            )
            for error in score.errors {
                lines.append(
                    "  \(error.falsePositive ? "FALSE POSITIVE" : "MISSED        ") \(error.id) on \(error.address) (\(error.profile))")
            }
            let activity = lab.totalActivity
            lines.append(
                "  lab activity: \(activity.loginAttempts) login attempts, \(activity.refusedLogins) refused, \(activity.lockouts) lockouts, "
                    + "\(activity.intrusiveRequests) intrusive requests")
            if let traffic { lines += traffic.summary() }
        }
        return lines.joined(separator: "\n")
    }
}
