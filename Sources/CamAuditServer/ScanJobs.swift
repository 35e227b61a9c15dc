import CamAuditCore
import CamAuditDiscovery
import CamAuditScanner
import CamAuditStore
import Foundation

/// Scans the server runs: started from the API or the dashboard, or by a schedule. One scan at a time per
/// target set; each is written to the store as it runs (the same journal as `camaudit scan`) and its progress
/// is published to whoever watches (`/api/v1/scans/ID/events`).
public actor ScanJobs {
    /// How a scan of some targets is asked of the scanner (ports, timeouts, checks); the demo adds its lab's port hints.
    public typealias RequestMaker = @Sendable ([TargetSpecification]) -> ScanRequest

    /// What a watcher is told: progress lines, then the end.
    public enum Event: Sendable {
        case progress(ScanProgress)
        case finished(ScanStatus, devices: Int)
        case failed(String)
    }

    public enum JobError: Error, Sendable, CustomStringConvertible {
        case notAllowed(String)
        case busy(String)
        case badTargets(String)

        public var description: String {
            switch self {
            case .notAllowed(let why), .busy(let why), .badTargets(let why): return why
            }
        }
    }

    /// A scan after it ended, for schedules and alerts.
    public typealias Completion = @Sendable (ScanReport) async -> Void

    let store: ScanStore
    let scanner: CamAuditScanner.Scanner
    /// The networks this server may scan; a request outside them is refused.
    let allowed: [TargetSpecification]
    let makeRequest: RequestMaker
    private var runningByTargets: [String: String] = [:]
    private var watchers: [String: [UUID: AsyncStream<Event>.Continuation]] = [:]
    private var lastEvent: [String: Event] = [:]
    private var tasks: [String: Task<Void, Never>] = [:]
    private var completions: [Completion] = []

    public init(store: ScanStore, scanner: CamAuditScanner.Scanner, allowed: [TargetSpecification], makeRequest: @escaping RequestMaker) {
        self.store = store
        self.scanner = scanner
        self.allowed = allowed
        self.makeRequest = makeRequest
    }

    /// Called after every scan this server ran has been saved.
    public func onCompletion(_ completion: @escaping Completion) { completions.append(completion) }

    /// The allowed target list as text, for the settings page.
    public nonisolated var allowedText: [String] { allowed.map(\.text) }

    /// Checks `targets` against the allowed list (every address must lie in it; the scope guard applies too).
    func check(_ targets: [TargetSpecification]) async throws(JobError) {
        guard !targets.isEmpty else { throw .badTargets("give at least one target") }
        guard !allowed.isEmpty else { throw .notAllowed("this server has no allowed targets (camaudit serve --allow-scan LIST)") }
        do {
            let wanted = try await TargetResolution.resolve(targets, allowPublic: false, timeout: .seconds(3))
            let permitted = try await TargetResolution.resolve(allowed, allowPublic: false, timeout: .seconds(3))
            let outside = TargetSet(including: wanted.addresses.ranges, excluding: permitted.addresses.ranges)
            guard outside.isEmpty else {
                throw JobError.notAllowed(
                    "\(outside.count) of the addresses asked for are outside the allowed targets (\(allowedText.joined(separator: ", ")))")
            }
        } catch let error as JobError {
            throw error
        } catch {
            throw .badTargets("\(error)")
        }
    }

    /// Starts a scan of `targets` and returns its id at once; refused when the targets are not allowed or a
    /// scan of the same targets is running.
    public func start(_ targets: [TargetSpecification], by user: String) async throws(JobError) -> String {
        try await check(targets)
        let key = targets.map(\.text).joined(separator: " ")
        if let running = runningByTargets[key] { throw .busy("a scan of \(key) is running already (\(running))") }
        let id = ScanIdentifier.make(at: Date())
        runningByTargets[key] = id
        var request = makeRequest(targets)
        request.scanID = id
        request.journal = ServerJournal(store: store)
        // The row exists before the answer goes back, so the scan's page and API answer at once (status running).
        let now = Date()
        try? store.begin(
            ScanMetadata(
                id: id, version: CamAuditVersion.current, startedAt: now, finishedAt: now, targets: targets.map(\.text), exclusions: [],
                ports: request.ports.ports, addressesScanned: 0, probesSent: 0, status: .running), arguments: nil)
        try? store.audit(user: user, action: "scan-started", detail: "\(id): \(key)")
        let scanner = scanner
        let store = store
        tasks[id] = Task {
            let event: Event
            do {
                let report = try await scanner.run(request) { progress in Task { await self.publish(id, .progress(progress)) } }
                try store.finish(report)
                event = .finished(report.scan.status, devices: report.devices.count)
                for completion in await self.completions { await completion(report) }
            } catch {
                event = .failed("\(error)")
                try? store.audit(user: user, action: "scan-failed", detail: "\(id): \(error)")
            }
            self.end(id, key: key, event)
        }
        return id
    }

    /// Whether a scan of these targets is running now.
    public func isRunning(_ targets: [TargetSpecification]) -> Bool {
        runningByTargets[targets.map(\.text).joined(separator: " ")] != nil
    }

    /// Waits for a scan this server started to end.
    public func wait(_ id: String) async {
        await tasks[id]?.value
    }

    /// Stops every running scan (the server is stopping): each ends `interrupted`, resumable.
    public func cancelAll() {
        for task in tasks.values { task.cancel() }
    }

    /// The events of scan `id` from now on (the latest one first, so a late watcher sees where it is);
    /// nil when this server is not running it.
    public func watch(_ id: String) -> AsyncStream<Event>? {
        guard tasks[id] != nil else { return nil }
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let token = UUID()
        if let last = lastEvent[id] { continuation.yield(last) }
        if runningByTargets.values.contains(id) {
            watchers[id, default: [:]][token] = continuation
            continuation.onTermination = { _ in Task { await self.unwatch(id, token) } }
        } else {
            continuation.finish()
        }
        return stream
    }

    private func unwatch(_ id: String, _ token: UUID) { watchers[id]?[token] = nil }

    private func publish(_ id: String, _ event: Event) {
        guard runningByTargets.values.contains(id) else { return }
        lastEvent[id] = event
        for continuation in watchers[id, default: [:]].values { continuation.yield(event) }
    }

    private func end(_ id: String, key: String, _ event: Event) {
        runningByTargets[key] = nil
        lastEvent[id] = event
        for continuation in watchers[id, default: [:]].values {
            continuation.yield(event)
            continuation.finish()
        }
        watchers[id] = nil
    }
}

/// The store as the scanner's journal for scans the server runs (no command line to keep: they are
/// resumed, if ever, by running the schedule or the request again).
struct ServerJournal: ScanJournal {
    let store: ScanStore

    func started(_ metadata: ScanMetadata) async { try? store.begin(metadata, arguments: nil) }
    func hostDone(_ host: CompletedHost, scanID: String) async { try? store.recordHost(host, scanID: scanID) }
    func login(_ record: LoginRecord, host: IPAddress) async { try? store.recordLogin(record, host: host) }
    func earlierLogins(host: IPAddress) async -> EarlierLogins { (try? store.logins(at: host)) ?? EarlierLogins() }
    func forgetLogins(host: IPAddress) async { _ = try? store.forgetLogins(at: [host]) }
}
