import CamAuditAlerts
import CamAuditCore
import Foundation
import Testing

/// Deduplication and fan-out, with a transport that records instead of sending.
@Suite struct DispatcherTests {
    actor RecordingTransport: AlertTransport {
        var batches: [(target: String, keys: [String])] = []
        var failuresLeft: [String: Int]

        init(failures: [String: Int] = [:]) { failuresLeft = failures }

        func deliver(_ alerts: [Alert], to target: AlertTarget) async throws {
            batches.append((target.name, alerts.map(\.key)))
            if let left = failuresLeft[target.name], left > 0 {
                failuresLeft[target.name] = left - 1
                throw DeliveryError("refused on purpose")
            }
        }
    }

    final class Clock: Sendable {
        let offset = Shared<TimeInterval>(0)
        var now: Date { Date(timeIntervalSince1970: 1_796_000_000 + offset.value) }
    }

    static let targets = (1...6).map { AlertTarget(name: "t\($0)", transport: .syslog(.init(host: "127.0.0.1"))) }

    static func alerts() -> [Alert] {
        AlertDetector.alerts(
            previous: nil, current: Fixtures.scan("s2", [Fixtures.device("192.0.2.10"), Fixtures.device("192.0.2.11", covered: true)]))
    }

    @Test func theSameKeyIsNotSentTwiceWithinTheWindow() async throws {
        let transport = RecordingTransport()
        let clock = Clock()
        let log = InMemoryDeliveryLog()
        let dispatcher = AlertDispatcher(
            targets: Array(Self.targets.prefix(2)), log: log, configuration: .init(deduplicationWindow: 3600), transport: transport,
            now: { clock.now })
        let alerts = Self.alerts()
        #expect(alerts.count == 2)
        let first = await dispatcher.dispatch(alerts + alerts)
        #expect(first.filter { $0.outcome == .delivered }.count == 4, "each key once per target, even when given twice")
        clock.offset.update { $0 = 1800 }
        let second = await dispatcher.dispatch(alerts)
        #expect(second.map(\.outcome) == [.duplicate, .duplicate, .duplicate, .duplicate])
        #expect(second.allSatisfy { $0.attempt == 0 })
        clock.offset.update { $0 = 3700 }
        let third = await dispatcher.dispatch(alerts)
        #expect(third.filter { $0.outcome == .delivered }.count == 4)
        #expect(await transport.batches.count == 4)
        #expect(await log.records.count == 12)
    }

    @Test func aFailedDeliveryIsNotADuplicateLater() async throws {
        let transport = RecordingTransport(failures: ["t1": 10])
        let log = InMemoryDeliveryLog()
        let dispatcher = AlertDispatcher(
            targets: [Self.targets[0]], log: log, configuration: .init(maxAttempts: 2, firstBackoff: .milliseconds(1)), transport: transport
        )
        let alert = try #require(Self.alerts().first)
        #expect(await dispatcher.dispatch([alert]).map(\.outcome) == [.failed, .failed])
        #expect(await dispatcher.dispatch([alert]).map(\.outcome) == [.failed, .failed])
        #expect(await transport.batches.count == 4)
    }

    @Test func everyTargetIsServedWithBoundedConcurrency() async throws {
        let transport = RecordingTransport(failures: ["t3": 1])
        let dispatcher = AlertDispatcher(
            targets: Self.targets, log: InMemoryDeliveryLog(),
            configuration: .init(firstBackoff: .milliseconds(1), maxConcurrentTargets: 2), transport: transport)
        let records = await dispatcher.dispatch(Self.alerts())
        #expect(Set(records.filter { $0.outcome == .delivered }.map(\.target)) == Set(Self.targets.map(\.name)))
        #expect(records.filter { $0.target == "t3" }.map(\.outcome) == [.failed, .failed, .delivered, .delivered])
    }

    @Test func backoffDoublesUpToItsCap() {
        let configuration = AlertDispatcher.Configuration(firstBackoff: .seconds(2), maxBackoff: .seconds(10))
        #expect((1...5).map { configuration.backoff(after: $0) } == [.seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }
}
