import Foundation

/// One attempt to deliver one alert to one target, or the decision not to (a duplicate).
public struct DeliveryRecord: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The target took it: a 2xx answer, a 250 after DATA, a syslog message written.
        case delivered
        /// This attempt failed; `error` says why. A later attempt may still deliver.
        case failed
        /// Not sent: the same alert key went to this target within the deduplication window.
        case duplicate
    }

    /// The target's name.
    public var target: String
    /// `webhook`, `syslog` or `email`.
    public var targetKind: String
    public var alertKey: String
    /// 1 for the first try; 0 for a duplicate that was not sent.
    public var attempt: Int
    public var outcome: Outcome
    /// One sentence when the attempt failed.
    public var error: String?
    public var time: Date

    public init(target: String, targetKind: String, alertKey: String, attempt: Int, outcome: Outcome, error: String?, time: Date) {
        self.target = target
        self.targetKind = targetKind
        self.alertKey = alertKey
        self.attempt = attempt
        self.outcome = outcome
        self.error = error
        self.time = time
    }
}

/// Where deliveries are recorded, and what deduplication asks of the past.
public protocol DeliveryLog: Sendable {
    func record(_ record: DeliveryRecord) async throws
    /// When `alertKey` was last delivered to `target`, if ever.
    func lastDelivered(alertKey: String, target: String) async throws -> Date?
}

/// A log in memory, for tests and for a server without a database.
public actor InMemoryDeliveryLog: DeliveryLog {
    public private(set) var records: [DeliveryRecord] = []

    public init() {}

    public func record(_ record: DeliveryRecord) async throws { records.append(record) }

    public func lastDelivered(alertKey: String, target: String) async throws -> Date? {
        records.last { $0.alertKey == alertKey && $0.target == target && $0.outcome == .delivered }?.time
    }
}
