import Testing
@testable import CamAuditAlerts
import CamAuditCore
import Foundation

@Suite struct SMTPTests {
    static func alerts() -> [Alert] {
        var alerts = AlertDetector.alerts(
            previous: nil, current: Fixtures.scan("s2", [Fixtures.device("192.0.2.10", findings: [Fixtures.finding("cve-x", .critical)])]))
        alerts[0].summary = ".starts with a dot"
        return alerts
    }

    static func transport() -> NetworkAlertTransport { NetworkAlertTransport(timeouts: .init(connect: .seconds(2), step: .seconds(3))) }

    static func decodedBody(_ data: String) -> String {
        let parts = data.components(separatedBy: "\r\n\r\n")
        let base64 = parts.dropFirst().joined().replacingOccurrences(of: "\r\n", with: "")
        return String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self)
    }

    @Test func aMailWithoutTLSWhenTheServerOffersNone() async throws {
        let sink = try await SMTPSink.start()
        defer { Task { await sink.stop() } }
        let target = AlertTarget(
            name: "ops",
            transport: .email(
                .init(host: "127.0.0.1", port: sink.port, from: "camaudit@example.org", to: ["a@example.org", "b@example.org"])))
        let alerts = Self.alerts()
        let records = await AlertDispatcher(targets: [target], log: InMemoryDeliveryLog(), transport: Self.transport()).dispatch(alerts)
        #expect(records.allSatisfy { $0.outcome == .delivered && $0.targetKind == "email" })
        let mail = try #require(sink.mails.first)
        #expect(sink.mails.count == 1)
        #expect(mail.from == "camaudit@example.org" && mail.recipients == ["a@example.org", "b@example.org"])
        #expect(!mail.overTLS)
        #expect(mail.data.contains("Subject: [camaudit] "))
        #expect(mail.data.contains("Auto-Submitted: auto-generated"))
        let body = Self.decodedBody(mail.data)
        for alert in alerts { #expect(body.contains(alert.key)) }
        #expect(body.contains(".starts with a dot"))
        #expect(sink.commands == ["EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"])
    }

    @Test func requireTLSRefusesAServerWithoutSTARTTLS() async throws {
        let sink = try await SMTPSink.start()
        defer { Task { await sink.stop() } }
        let target = AlertTarget(
            name: "ops",
            transport: .email(.init(host: "127.0.0.1", port: sink.port, from: "c@example.org", to: ["a@example.org"], requireTLS: true)))
        let record = await AlertDispatcher(targets: [], log: InMemoryDeliveryLog(), transport: Self.transport()).sendTest(to: target)
        #expect(record.outcome == .failed)
        #expect(record.error?.contains("does not offer STARTTLS") == true)
        #expect(sink.mails.isEmpty)
        #expect(!sink.commands.contains("MAIL"))
    }

    @Test func credentialsAreNotSentWithoutTLS() async throws {
        let sink = try await SMTPSink.start()
        defer { Task { await sink.stop() } }
        let target = AlertTarget(
            name: "ops",
            transport: .email(
                .init(
                    host: "127.0.0.1", port: sink.port, from: "c@example.org", to: ["a@example.org"],
                    credentials: .init(username: "u", password: "p"))))
        let record = await AlertDispatcher(targets: [], log: InMemoryDeliveryLog(), transport: Self.transport()).sendTest(to: target)
        #expect(record.outcome == .failed)
        #expect(record.error?.contains("password is not sent in clear") == true)
        #expect(!sink.commands.contains("AUTH") && sink.mails.isEmpty)
    }

    @Test func startTLSUpgradesBeforeAuthAndTheMessage() async throws {
        let certificate = try TestCertificate.make()
        let sink = try await SMTPSink.start(tls: try certificate.serverContext(), offerAuth: true)
        defer { Task { await sink.stop() } }
        let target = AlertTarget(
            name: "ops",
            transport: .email(
                .init(
                    host: "127.0.0.1", port: sink.port, from: "c@example.org", to: ["a@example.org"], requireTLS: true,
                    credentials: .init(username: "alerts", password: "pw"), trustedCertificatesPEM: certificate.certificatePEM)))
        let alerts = Self.alerts()
        let records = await AlertDispatcher(targets: [target], log: InMemoryDeliveryLog(), transport: Self.transport()).dispatch(alerts)
        #expect(records.allSatisfy { $0.outcome == .delivered }, "\(records.map { $0.error ?? "" })")
        let mail = try #require(sink.mails.first)
        #expect(mail.overTLS)
        #expect(mail.login == "alerts")
        #expect(sink.commands == ["EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"])
    }

    @Test func anUntrustedCertificateIsRefused() async throws {
        let certificate = try TestCertificate.make()
        let sink = try await SMTPSink.start(tls: try certificate.serverContext())
        defer { Task { await sink.stop() } }
        let target = AlertTarget(
            name: "ops", transport: .email(.init(host: "127.0.0.1", port: sink.port, from: "c@example.org", to: ["a@example.org"])))
        let record = await AlertDispatcher(targets: [], log: InMemoryDeliveryLog(), transport: Self.transport()).sendTest(to: target)
        #expect(record.outcome == .failed)
        #expect(record.error?.contains("TLS with 127.0.0.1") == true, "\(record.error ?? "")")
        #expect(sink.mails.isEmpty)
    }

    @Test func dotStuffingDoublesLeadingDotsAndEndsTheData() {
        let stuffed = SMTPClient.dotStuffed(Array(".one\r\ntwo\n.\n..three".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "..one\r\ntwo\r\n..\r\n...three\r\n.\r\n")
    }

    @Test func dotStuffingAndHeaderEncoding() {
        let mail = AlertMail.message(
            Self.alerts(), from: "c@example.org", to: ["a@example.org"], date: Date(timeIntervalSince1970: 0), messageID: "m@x")
        let text = String(decoding: mail, as: UTF8.self)
        #expect(text.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(!text.contains("\n\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        var alert = Self.alerts()[0]
        alert.summary = "Caméra nouvelle"
        #expect(
            String(
                decoding: AlertMail.message([alert], from: "c@example.org", to: ["a@example.org"], date: Date(), messageID: "m@x"),
                as: UTF8.self
            )
            .contains("Subject: =?UTF-8?B?"))
    }
}
