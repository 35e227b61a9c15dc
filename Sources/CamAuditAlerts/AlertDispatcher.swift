import CamAuditCore
import Foundation
import NIOCore
import NIOPosix

/// Something that carries alerts to a target; `NetworkAlertTransport` is the real one.
public protocol AlertTransport: Sendable {
    /// Delivers all of `alerts` to `target` in one go, or throws why not.
    func deliver(_ alerts: [Alert], to target: AlertTarget) async throws
}

/// Webhooks, syslog and SMTP over the network, every step under `timeouts`.
public struct NetworkAlertTransport: AlertTransport {
    public var timeouts: NetworkTimeouts
    public var group: any EventLoopGroup

    public init(timeouts: NetworkTimeouts = NetworkTimeouts(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.timeouts = timeouts
        self.group = group
    }

    public func deliver(_ alerts: [Alert], to target: AlertTarget) async throws {
        guard !alerts.isEmpty else { return }
        switch target.transport {
        case .webhook(let webhook):
            try await WebhookSender.send(alerts, to: webhook, now: Date(), timeouts: timeouts, group: group)
        case .syslog(let syslog):
            try await SyslogSender.send(alerts, to: syslog, timeouts: timeouts, group: group)
        case .email(let email):
            let message = AlertMail.message(
                alerts, from: email.from, to: email.to, date: Date(), messageID: "\(UUID().uuidString.lowercased())@camaudit")
            try await SMTPClient.send(message: message, to: email, timeouts: timeouts, group: group)
        }
    }
}

/// Sends alerts to every target: each alert key at most once per target within the deduplication window, a failed
/// delivery tried again after a doubling wait up to a bounded number of attempts, every attempt written to the log.
///
/// The alerts of one `dispatch` go to a target together (one POST, one mail, one syslog message each), and a few
/// targets are served at a time.
public actor AlertDispatcher {
    public struct Configuration: Sendable, Hashable {
        /// Tries per delivery, the first included.
        public var maxAttempts: Int
        /// The wait after the first failure; each later wait doubles, up to `maxBackoff`.
        public var firstBackoff: Duration
        public var maxBackoff: Duration
        /// An alert key delivered to a target within this many seconds is not sent to it again.
        public var deduplicationWindow: TimeInterval
        /// Targets served at the same time.
        public var maxConcurrentTargets: Int

        public init(
            maxAttempts: Int = 4, firstBackoff: Duration = .seconds(2), maxBackoff: Duration = .seconds(300),
            deduplicationWindow: TimeInterval = 24 * 3600, maxConcurrentTargets: Int = 4
        ) {
            self.maxAttempts = max(1, maxAttempts)
            self.firstBackoff = firstBackoff
            self.maxBackoff = maxBackoff
            self.deduplicationWindow = deduplicationWindow
            self.maxConcurrentTargets = max(1, maxConcurrentTargets)
        }

        /// The wait before attempt `attempt + 1`.
        public func backoff(after attempt: Int) -> Duration {
            var wait = firstBackoff
            for _ in 1..<max(1, attempt) where wait < maxBackoff { wait *= 2 }
            return min(wait, maxBackoff)
        }
    }

    public let targets: [AlertTarget]
    public let configuration: Configuration
    private let log: any DeliveryLog
    private let transport: any AlertTransport
    private let now: @Sendable () -> Date
    /// Keys being sent right now, per target, so two overlapping dispatches do not both send one.
    private var inFlight: Set<String> = []
    /// Sentences about records the log refused; the deliveries themselves went on.
    public private(set) var logFailures: [String] = []

    public init(
        targets: [AlertTarget], log: any DeliveryLog, configuration: Configuration = Configuration(),
        transport: any AlertTransport = NetworkAlertTransport(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.targets = targets
        self.log = log
        self.configuration = configuration
        self.transport = transport
        self.now = now
    }

    /// Delivers `alerts` to every target and returns every record written, in order per target.
    @discardableResult
    public func dispatch(_ alerts: [Alert]) async -> [DeliveryRecord] {
        var unique: [Alert] = []
        var seen: Set<String> = []
        for alert in alerts where seen.insert(alert.key).inserted { unique.append(alert) }
        var jobs: [(AlertTarget, [Alert])] = []
        var records: [DeliveryRecord] = []
        for target in targets {
            var fresh: [Alert] = []
            for alert in unique {
                if await isDuplicate(alert.key, for: target) {
                    records.append(await write(record(target, alert.key, attempt: 0, .duplicate, error: nil)))
                } else {
                    inFlight.insert(flightKey(alert.key, target))
                    fresh.append(alert)
                }
            }
            if !fresh.isEmpty { jobs.append((target, fresh)) }
        }
        let delivered = await withTaskGroup(of: [DeliveryRecord].self) { group in
            var results: [[DeliveryRecord]] = []
            var pending = jobs[...]
            for _ in 0..<configuration.maxConcurrentTargets {
                guard let job = pending.popFirst() else { break }
                group.addTask { await self.deliverWithRetries(job.1, to: job.0) }
            }
            for await result in group {
                results.append(result)
                if let job = pending.popFirst() {
                    group.addTask { await self.deliverWithRetries(job.1, to: job.0) }
                }
            }
            return results
        }
        for (target, batch) in jobs {
            for alert in batch { inFlight.remove(flightKey(alert.key, target)) }
        }
        return records + delivered.flatMap { $0 }
    }

    /// The "test" button: one test alert, one attempt, logged like any delivery, never deduplicated.
    public func sendTest(to target: AlertTarget) async -> DeliveryRecord {
        let time = now()
        let alert = Alert(
            key: "test|\(target.name)|\(ReportCoding.dateText(time))", kind: .test, severity: .info, address: .v4(0x7F00_0001),
            scanId: "test", time: time, summary: "camaudit test alert for the target \(target.name); nothing happened on the network.",
            details: ["target": target.name])
        do {
            try await transport.deliver([alert], to: target)
            return await write(record(target, alert.key, attempt: 1, .delivered, error: nil))
        } catch {
            return await write(record(target, alert.key, attempt: 1, .failed, error: Self.sentence(error)))
        }
    }

    private func deliverWithRetries(_ batch: [Alert], to target: AlertTarget) async -> [DeliveryRecord] {
        var records: [DeliveryRecord] = []
        for attempt in 1...configuration.maxAttempts {
            do {
                try await transport.deliver(batch, to: target)
                for alert in batch { records.append(await write(record(target, alert.key, attempt: attempt, .delivered, error: nil))) }
                return records
            } catch {
                let reason = Self.sentence(error)
                for alert in batch { records.append(await write(record(target, alert.key, attempt: attempt, .failed, error: reason))) }
            }
            guard attempt < configuration.maxAttempts, !Task.isCancelled else { break }
            try? await Task.sleep(for: configuration.backoff(after: attempt))
        }
        return records
    }

    private func isDuplicate(_ key: String, for target: AlertTarget) async -> Bool {
        if inFlight.contains(flightKey(key, target)) { return true }
        do {
            guard let last = try await log.lastDelivered(alertKey: key, target: target.name) else { return false }
            return now().timeIntervalSince(last) < configuration.deduplicationWindow
        } catch {
            logFailures.append("The delivery log could not say whether \(key) went to \(target.name): \(error).")
            return false
        }
    }

    private func flightKey(_ key: String, _ target: AlertTarget) -> String { target.name + "\u{0}" + key }

    private func record(_ target: AlertTarget, _ key: String, attempt: Int, _ outcome: DeliveryRecord.Outcome, error: String?)
        -> DeliveryRecord
    {
        DeliveryRecord(
            target: target.name, targetKind: target.kind, alertKey: key, attempt: attempt, outcome: outcome, error: error, time: now())
    }

    private func write(_ record: DeliveryRecord) async -> DeliveryRecord {
        do {
            try await log.record(record)
        } catch {
            logFailures.append("The delivery log refused the record of \(record.alertKey) to \(record.target): \(error).")
        }
        return record
    }

    static func sentence(_ error: any Error) -> String {
        (error as? DeliveryError)?.description ?? "\(error)"
    }
}
