import CamAuditAlerts
import CamAuditCore
import Foundation
import NIOHTTP1
import Testing

@Suite struct WebhookTests {
    static let secret = "s3cret-for-tests"

    static func alerts() -> [Alert] {
        AlertDetector.alerts(
            previous: nil, current: Fixtures.scan("s2", [Fixtures.device("127.0.0.20", findings: [Fixtures.finding("cve-x", .critical)])]))
    }

    @Test func aDeliveryArrivesSignedAndTheSignatureChecksOut() async throws {
        let receiver = try await HTTPReceiver.start { _ in .noContent }
        defer { Task { await receiver.stop() } }
        let target = AlertTarget(
            name: "hook", transport: .webhook(.init(url: "http://127.0.0.1:\(receiver.port)/hooks/camaudit?x=1", secret: Self.secret)))
        let log = InMemoryDeliveryLog()
        let dispatcher = AlertDispatcher(
            targets: [target], log: log, transport: NetworkAlertTransport(timeouts: .init(connect: .seconds(2), step: .seconds(2))))
        let alerts = Self.alerts()
        let records = await dispatcher.dispatch(alerts)
        #expect(records.count == alerts.count)
        #expect(records.allSatisfy { $0.outcome == .delivered && $0.attempt == 1 && $0.target == "hook" && $0.targetKind == "webhook" })
        let request = try #require(receiver.received.first)
        #expect(receiver.received.count == 1)
        #expect(request.method == "POST" && request.uri == "/hooks/camaudit?x=1")
        #expect(request.header("Content-Type") == "application/json")
        let timestamp = try #require(request.header(WebhookSignature.timestampHeader))
        let signature = try #require(request.header(WebhookSignature.signatureHeader))
        #expect(WebhookSignature.verify(body: request.body, timestamp: timestamp, header: signature, secret: Self.secret))
        let payload = try WebhookPayload.decode(request.body)
        #expect(payload.alerts == alerts)
        #expect(await log.records == records)
    }

    @Test func anHTTPSWebhookBehindAPrivateCA() async throws {
        let certificate = try TestCertificate.make()
        let receiver = try await HTTPReceiver.start(tls: try certificate.serverContext()) { _ in .noContent }
        defer { Task { await receiver.stop() } }
        let url = "https://127.0.0.1:\(receiver.port)/hook"
        let transport = NetworkAlertTransport(timeouts: .init(connect: .seconds(2), step: .seconds(3)))
        let trusted = AlertTarget(
            name: "tls", transport: .webhook(.init(url: url, secret: Self.secret, trustedCertificatesPEM: certificate.certificatePEM)))
        let record = await AlertDispatcher(targets: [], log: InMemoryDeliveryLog(), transport: transport).sendTest(to: trusted)
        #expect(record.outcome == .delivered, "\(record.error ?? "")")
        #expect(receiver.received.count == 1)
        let untrusted = AlertTarget(name: "tls", transport: .webhook(.init(url: url, secret: Self.secret)))
        let refused = await AlertDispatcher(targets: [], log: InMemoryDeliveryLog(), transport: transport).sendTest(to: untrusted)
        #expect(refused.outcome == .failed)
        #expect(receiver.received.count == 1)
    }

    @Test func forgedSignaturesWrongSecretsAndStaleTimestampsAreRejected() {
        let body = Array(#"{"alerts":[],"schemaVersion":"1.0"}"#.utf8)
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let timestamp = "1796000000"
        let header = WebhookSignature.header(body: body, timestamp: timestamp, secret: Self.secret)
        #expect(header.hasPrefix("sha256=") && header.count == 7 + 64)
        #expect(WebhookSignature.verify(body: body, timestamp: timestamp, header: header, secret: Self.secret, now: now))
        // A changed body, a wrong secret, a flipped digit, no prefix, garbage.
        #expect(!WebhookSignature.verify(body: body + [0x20], timestamp: timestamp, header: header, secret: Self.secret, now: now))
        #expect(!WebhookSignature.verify(body: body, timestamp: timestamp, header: header, secret: "other", now: now))
        let last = header.last == "0" ? "1" : "0"
        #expect(
            !WebhookSignature.verify(
                body: body, timestamp: timestamp, header: String(header.dropLast()) + last, secret: Self.secret, now: now))
        #expect(
            !WebhookSignature.verify(body: body, timestamp: timestamp, header: String(header.dropFirst(7)), secret: Self.secret, now: now))
        #expect(!WebhookSignature.verify(body: body, timestamp: timestamp, header: "sha256=zz", secret: Self.secret, now: now))
        // The timestamp is signed: moving it breaks the signature; an old one is refused even when signed.
        #expect(!WebhookSignature.verify(body: body, timestamp: "1796000001", header: header, secret: Self.secret, now: now))
        let later = now.addingTimeInterval(WebhookSignature.defaultTolerance + 1)
        #expect(!WebhookSignature.verify(body: body, timestamp: timestamp, header: header, secret: Self.secret, now: later))
        #expect(!WebhookSignature.verify(body: body, timestamp: "not-a-number", header: header, secret: Self.secret, now: now))
    }

    @Test func aReceiverThatFailsTwiceGetsItOnTheThirdAttempt() async throws {
        let receiver = try await HTTPReceiver.start { number in number <= 2 ? .internalServerError : .ok }
        defer { Task { await receiver.stop() } }
        let target = AlertTarget(name: "flaky", transport: .webhook(.init(url: "http://127.0.0.1:\(receiver.port)/", secret: Self.secret)))
        let log = InMemoryDeliveryLog()
        let dispatcher = AlertDispatcher(
            targets: [target], log: log,
            configuration: .init(maxAttempts: 5, firstBackoff: .milliseconds(20), maxBackoff: .milliseconds(100)),
            transport: NetworkAlertTransport(timeouts: .init(connect: .seconds(2), step: .seconds(2))))
        let alert = try #require(Self.alerts().first)
        let records = await dispatcher.dispatch([alert])
        #expect(records.map(\.attempt) == [1, 2, 3])
        #expect(records.map(\.outcome) == [.failed, .failed, .delivered])
        #expect(records[0].error?.contains("500") == true)
        #expect(receiver.received.count == 3)
    }

    @Test func aWebhookThatNeverAnswersTimesOutAndIsLoggedAsFailed() async throws {
        let receiver = try await HTTPReceiver.start { _ in nil }
        defer { Task { await receiver.stop() } }
        let target = AlertTarget(name: "mute", transport: .webhook(.init(url: "http://127.0.0.1:\(receiver.port)/", secret: Self.secret)))
        let log = InMemoryDeliveryLog()
        let dispatcher = AlertDispatcher(
            targets: [target], log: log, configuration: .init(maxAttempts: 2, firstBackoff: .milliseconds(10)),
            transport: NetworkAlertTransport(timeouts: .init(connect: .seconds(1), step: .milliseconds(300))))
        let started = ContinuousClock.now
        let records = await dispatcher.dispatch([try #require(Self.alerts().first)])
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(records.map(\.outcome) == [.failed, .failed])
        #expect(records.allSatisfy { $0.error?.contains("did not answer within") == true })
        #expect(await log.records.count == 2)
    }

    @Test func theTestButtonSendsOneSignedTestAlert() async throws {
        let receiver = try await HTTPReceiver.start { _ in .accepted }
        defer { Task { await receiver.stop() } }
        let target = AlertTarget(name: "hook", transport: .webhook(.init(url: "http://127.0.0.1:\(receiver.port)/", secret: Self.secret)))
        let log = InMemoryDeliveryLog()
        let dispatcher = AlertDispatcher(targets: [], log: log)
        let record = await dispatcher.sendTest(to: target)
        #expect(record.outcome == .delivered)
        let request = try #require(receiver.received.first)
        #expect(try WebhookPayload.decode(request.body).alerts.map(\.kind) == [.test])
        #expect(await log.records == [record])
    }

    @Test func aTestToANonWebhookURLFailsWithASentence() async {
        let target = AlertTarget(name: "bad", transport: .webhook(.init(url: "ftp://127.0.0.1/", secret: "x")))
        let record = await AlertDispatcher(targets: [], log: InMemoryDeliveryLog()).sendTest(to: target)
        #expect(record.outcome == .failed)
        #expect(record.error?.contains("is not an http:// or https:// URL") == true)
    }
}
