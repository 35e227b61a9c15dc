import CamAuditAlerts
import CamAuditCore
import CamAuditStore
import Foundation

/// After each scan the server runs: the alerts against the previous scan of the same targets, kept in the
/// store and delivered to the configured targets (deduplicated, retried, every attempt logged).
///
/// The first scan of a target set is a baseline: it raises nothing (every device would be "new").
public struct AlertCenter: Sendable {
    let store: ScanStore
    /// The rules when Settings has saved none.
    let rules: AlertRules
    let configuration: AlertDispatcher.Configuration

    public init(store: ScanStore, rules: AlertRules = AlertRules(), configuration: AlertDispatcher.Configuration = .init()) {
        self.store = store
        self.rules = rules
        self.configuration = configuration
    }

    /// The alerts `report` raises, once kept and sent.
    @discardableResult
    public func scanEnded(_ report: ScanReport) async -> [Alert] {
        guard let previous = previousScan(of: report) else { return [] }
        let alerts = AlertDetector.alerts(previous: previous, current: report, rules: currentRules())
        guard !alerts.isEmpty else { return [] }
        try? store.saveAlerts(alerts.map(Self.stored))
        let targets = (try? store.alertTargets().compactMap(Self.target)) ?? []
        if !targets.isEmpty {
            let dispatcher = AlertDispatcher(targets: targets, log: StoreDeliveryLog(store: store), configuration: configuration)
            await dispatcher.dispatch(alerts)
        }
        return alerts
    }

    static let rulesKey = "alert-rules"

    /// The rules Settings (or `PUT /api/v1/alert-rules`) saved, else the defaults: every kind, new findings from `high`.
    public func currentRules() -> AlertRules {
        Self.savedRules(in: store) ?? rules
    }

    /// The rules saved in the store, if any.
    static func savedRules(in store: ScanStore) -> AlertRules? {
        guard let text = try? store.setting(rulesKey) else { return nil }
        return try? JSONDecoder().decode(AlertRules.self, from: Data(text.utf8))
    }

    /// Saves the rules the next scans' alerts follow.
    public func save(_ rules: AlertRules) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try store.setSetting(Self.rulesKey, to: String(decoding: try encoder.encode(rules), as: UTF8.self))
    }

    /// The "test" button: one alert of kind `test` to one target, logged, never deduplicated.
    public func test(targetID: Int64) async throws -> DeliveryRecord {
        guard let stored = try store.alertTargets().first(where: { $0.id == targetID }), let target = Self.target(stored) else {
            throw StoreError.notFound("alert target \(targetID)")
        }
        let dispatcher = AlertDispatcher(targets: [target], log: StoreDeliveryLog(store: store), configuration: configuration)
        return await dispatcher.sendTest(to: target)
    }

    /// The newest earlier scan of the same targets that ran to its end (or its deadline).
    func previousScan(of report: ScanReport) -> ScanReport? {
        guard let scans = try? store.scans(limit: 500) else { return nil }
        let earlier = scans.first { scan in
            scan.id != report.scan.id && scan.targets == report.scan.targets && scan.startedAt < report.scan.startedAt
                && (scan.status == .completed || scan.status == .deadline)
        }
        return earlier.flatMap { try? store.report(id: $0.id) }
    }

    static func stored(_ alert: Alert) -> StoredAlert {
        StoredAlert(
            key: alert.key, kind: alert.kind.rawValue, severity: alert.severity.rawValue, address: alert.address.description,
            scanId: alert.scanId, time: alert.time, summary: alert.summary, details: alert.details)
    }

    static func target(_ stored: StoredAlertTarget) -> AlertTarget? {
        try? JSONDecoder().decode(AlertTarget.self, from: stored.configuration)
    }
}

/// The store as the dispatcher's delivery log.
struct StoreDeliveryLog: DeliveryLog {
    let store: ScanStore

    func record(_ record: DeliveryRecord) async throws {
        try store.recordDelivery(
            StoredDelivery(
                target: record.target, targetKind: record.targetKind, alertKey: record.alertKey, attempt: record.attempt,
                outcome: record.outcome.rawValue, error: record.error, time: record.time))
    }

    func lastDelivered(alertKey: String, target: String) async throws -> Date? {
        try store.lastDelivered(alertKey: alertKey, target: target)
    }
}
