import ArgumentParser
import CamAuditCore
import CamAuditScanner
import CamAuditStore
import Foundation

/// `camaudit scan`: sweep, probe and identify, then report and save.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find and identify the cameras, NVRs and DVRs on networks you own.",
        discussion: """
            Targets are addresses (127.0.0.1, ::1), networks (127.1.0.0/24), ranges (127.1.0.10-40) or host names. \
            Public (globally routable) addresses are refused unless --allow-public is given. \
            Every scan is saved as it runs; `camaudit scans` lists them and `camaudit report ID` shows one again. \
            Ctrl-C (SIGINT) or SIGTERM stops a scan and keeps the hosts done; `camaudit scan --resume ID` continues it \
            with the options it was started with.
            """)

    // Targets are parsed once, as they are read (`TargetInput`); the scan resolves them.
    @Argument(help: "Addresses, networks, ranges or host names to scan.", transform: TargetInput.target)
    var targets: [TargetSpecification] = []

    @Option(
        name: [.customLong("input-list"), .customShort("i")],
        help: ArgumentHelp(
            "Read targets from a file ('-' for stdin), one per line; '#' starts a comment. nmap's '-iL FILE' works too.", valueName: "FILE"),
        transform: TargetInput.listFile)
    var inputList: [TargetSpecification]?

    @Option(help: ArgumentHelp("Targets to leave out, comma-separated.", valueName: "LIST"), transform: TargetInput.commaSeparated)
    var exclude: [TargetSpecification]?

    @Option(help: ArgumentHelp("Ports to sweep: 80,443,8000-8100; 'camera' is the default camera set.", valueName: "LIST"))
    var ports: String = "camera"

    @Flag(help: "Allow public (globally routable) targets. Scan only networks you are authorised to audit.")
    var allowPublic = false

    @Option(
        help: ArgumentHelp(
            "Logins for read-only authenticated device-info reads: lines 'target user password' or JSON lines; passwords are never printed.",
            valueName: "FILE"))
    var credentials: String?

    @Option(
        name: .customLong("import"),
        help: ArgumentHelp("Probe the hosts and open TCP ports of an nmap XML run (nmap -oX) instead of sweeping.", valueName: "FILE"))
    var importFile: String?

    @Option(
        help: ArgumentHelp(
            "Continue an interrupted or abandoned scan (its id or a prefix) with its own options; only --db, -o, --format, --cameras-only and --fail-on may be given with it.",
            valueName: "ID"))
    var resume: String?

    @OptionGroup var tuning: ScanTuningOptions
    @OptionGroup(title: "Security checks") var checks: CheckFlags
    @OptionGroup var output: OutputOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if resume != nil {
            let conflicting = ScanResumeArguments.conflictingWithResume(CommandLine.arguments)
            guard conflicting.isEmpty else {
                throw ValidationError(
                    "--resume runs the scan again with the options it was started with; give only --db, -o, --format, --cameras-only "
                        + "or --fail-on with it (not \(conflicting.joined(separator: " "))).")
            }
            guard let resume, ScanStore.isScanIDOrPrefix(resume) else {
                throw ValidationError("--resume takes a scan id as `camaudit scans` lists it, e.g. 20261121T101010-1a2b3c.")
            }
            return
        }
        if targets.isEmpty && inputList == nil && importFile == nil {
            throw ValidationError("Give at least one target (an address, network, range or host name) or a list with -iL FILE.")
        }
        _ = try parsedPorts()
        try tuning.validate()
        try checks.validate()
    }

    func parsedPorts() throws -> PortList {
        do { return try PortList(parsing: ports) } catch { throw ValidationError(error.description) }
    }

    func run() async throws {
        // The database and -o's folder are checked before any packet is sent.
        let saving = try ScanRunner.prepare(output: output, store: store)
        if let resume {
            try await runResumed(resume, saving: saving)
            return
        }
        let kept = ScanResumeArguments.kept(from: CommandLine.arguments, listTargets: inputList ?? [])
        let report = try await ScanRunner.run(try makeRequest(), output: output, store: store, saving: saving, resumeArguments: kept)
        try output.exit(for: report)
    }

    /// The scan these options ask for.
    func makeRequest() throws -> ScanRequest {
        var request = ScanRequest(
            targets: targets + (inputList ?? []), exclusions: exclude ?? [], ports: try parsedPorts(),
            allowPublic: allowPublic, maxInFlight: tuning.maxInFlight, probesPerSecond: tuning.rate,
            stepTimeout: .milliseconds(tuning.timeoutMs), hostConcurrency: tuning.hostConcurrency,
            deadline: tuning.deadline.map { .seconds($0) }, udpDiscovery: !tuning.noUdpDiscovery)
        do {
            if let credentials { request.credentials = try CredentialFile(contentsOf: credentials) }
        } catch { throw CommandLineMessages.refuse(error.description) }
        do {
            if let importFile { request.imported = try NmapImport(contentsOf: importFile) }
        } catch { throw CommandLineMessages.refuse(error.description) }
        request.checks = try checks.options(stepTimeout: request.stepTimeout)
        request.router = checks.routerURL
        return request
    }

    /// `--resume ID`: the saved command line parsed again, the hosts done skipped, the same scan id.
    private func runResumed(_ id: String, saving: ScanStore?) async throws {
        guard let saving else { throw CommandLineMessages.refuse("--resume continues a saved scan; it cannot be used with --no-save.") }
        let (resumption, arguments): (ScanResumption, [String])
        do {
            (resumption, arguments) = try saving.resumption(id: id)
        } catch {
            throw CommandLineMessages.refuse(error.description)
        }
        let saved: ScanCommand
        do {
            saved = try ScanCommand.parse(arguments)
        } catch {
            throw CommandLineMessages.refuse(
                "The options scan \(resumption.id) was started with cannot be read again (\(ScanCommand.message(for: error))); start a new scan."
            )
        }
        var request = try saved.makeRequest()
        request.resuming = resumption
        CommandLineMessages.writeToStandardError(
            "Resuming scan \(resumption.id): \(resumption.hosts.count) hosts already done; scanning the others as "
                + "`camaudit scan \(arguments.joined(separator: " "))` would.")
        let report = try await ScanRunner.run(request, output: output, store: store, saving: saving, resumeArguments: arguments)
        try output.exit(for: report)
    }
}

/// Options that tune how hard a scan pushes.
struct ScanTuningOptions: ParsableArguments {
    @Option(help: "Connection attempts in flight during the sweep (bounded by the open-file limit).")
    var maxInFlight: Int = 4096

    @Option(help: ArgumentHelp("Sweep probes per second (default: as fast as the machine goes).", valueName: "N"))
    var rate: Int?

    @Option(help: "Timeout of each network step (one connect, one request), in milliseconds.")
    var timeoutMs: Int = 3000

    // 128: a host's probes mostly wait on its answers and deadlines (about 0.2 of a core for 3,000 lab
    // devices at 32), so more hosts at once cut the wall time; each costs about 20 KB (Benchmarks/README.md).
    @Option(help: "Hosts probed at the same time once the sweep has found them.")
    var hostConcurrency: Int = 128

    @Option(help: ArgumentHelp("Stop the whole scan after this many seconds and report what was found.", valueName: "SECONDS"))
    var deadline: Int?

    @Flag(help: "Do not ask found hosts the UDP discovery questions (SADP, DHDiscover, WS-Discovery, SSDP, mDNS).")
    var noUdpDiscovery = false

    func validate() throws {
        guard maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1.") }
        guard timeoutMs >= 10 else { throw ValidationError("--timeout-ms must be at least 10 milliseconds.") }
        guard hostConcurrency >= 1 else { throw ValidationError("--host-concurrency must be at least 1.") }
        if let rate, rate < 1 { throw ValidationError("--rate must be at least 1 probe per second.") }
        if let deadline, deadline < 1 { throw ValidationError("--deadline must be at least 1 second.") }
    }
}
