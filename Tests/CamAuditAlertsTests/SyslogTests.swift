import CamAuditAlerts
import CamAuditCore
import Foundation
import Testing

@Suite struct SyslogTests {
    static func alerts() -> [Alert] {
        AlertDetector.alerts(
            previous: nil,
            current: Fixtures.scan(
                "s2", [Fixtures.device("192.0.2.10", model: "DS-2CD\n<13>1 forged"), Fixtures.device("192.0.2.11", covered: true)]))
    }

    /// The RFC 5424 header of a received message, field by field.
    struct Parsed {
        var priority: Int
        var version: String
        var timestamp: String
        var hostname: String
        var appName: String
        var processID: String
        var messageID: String
        var structuredData: String
        var message: String

        init?(_ bytes: [UInt8]) {
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.hasPrefix("<"), let close = text.firstIndex(of: ">"),
                let priority = Int(text[text.index(after: text.startIndex)..<close])
            else { return nil }
            self.priority = priority
            let fields = text[text.index(after: close)...].split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false)
            guard fields.count == 7 else { return nil }
            version = String(fields[0])
            timestamp = String(fields[1])
            hostname = String(fields[2])
            appName = String(fields[3])
            processID = String(fields[4])
            messageID = String(fields[5])
            let rest = fields[6]
            if rest.hasPrefix("-") {
                structuredData = "-"
                message = String(rest.dropFirst(2))
            } else if let end = rest.range(of: "] ") {
                structuredData = String(rest[..<end.lowerBound]) + "]"
                message = String(rest[end.upperBound...])
            } else {
                return nil
            }
        }
    }

    func check(_ received: [[UInt8]], against alerts: [Alert], structured: Bool) throws {
        try #require(received.count == alerts.count)
        for (bytes, alert) in zip(received, alerts) {
            let parsed = try #require(Parsed(bytes))
            #expect(parsed.version == "1")
            let level = SyslogMessage.level(for: alert.severity).rawValue
            #expect(parsed.priority == SyslogMessage.Facility.local4.rawValue * 8 + level)
            #expect(parsed.timestamp == ReportCoding.dateText(alert.time))
            #expect(parsed.hostname == "sensor-1")
            #expect(parsed.appName == "camaudit")
            #expect(Int(parsed.processID) == Int(ProcessInfo.processInfo.processIdentifier))
            #expect(parsed.messageID == alert.kind.rawValue)
            #expect(parsed.message.hasPrefix("\u{FEFF}[\(alert.severity.rawValue)] "))
            #expect(!parsed.message.contains("\n"))
            if structured {  // 32473: the enterprise number RFC 5612 reserves for documentation
                #expect(parsed.structuredData.hasPrefix("[camaudit@32473 key=\""))
                #expect(parsed.structuredData.contains("address=\"\(alert.address)\""))
            } else {
                #expect(parsed.structuredData == "-")
            }
        }
    }

    @Test func udpMessagesAreRFC5424() async throws {
        let listener = try await SyslogListener.udp()
        defer { Task { await listener.stop() } }
        let target = AlertTarget(
            name: "siem",
            transport: .syslog(.init(host: "127.0.0.1", port: listener.port, ipProtocol: .udp, facility: .local4, hostname: "sensor-1")))
        let alerts = Self.alerts()
        let records = await AlertDispatcher(targets: [target], log: InMemoryDeliveryLog()).dispatch(alerts)
        #expect(records.allSatisfy { $0.outcome == .delivered })
        #expect(await listener.messages.wait { $0.count == alerts.count })
        try check(listener.received, against: alerts, structured: false)
    }

    @Test func tcpMessagesAreOctetCounted() async throws {
        let listener = try await SyslogListener.tcp()
        defer { Task { await listener.stop() } }
        let target = AlertTarget(
            name: "siem",
            transport: .syslog(
                .init(
                    host: "127.0.0.1", port: listener.port, ipProtocol: .tcp, facility: .local4, hostname: "sensor-1",
                    enterpriseNumber: 32473)))
        let alerts = Self.alerts()
        let records = await AlertDispatcher(targets: [target], log: InMemoryDeliveryLog()).dispatch(alerts)
        #expect(records.allSatisfy { $0.outcome == .delivered })
        #expect(await listener.messages.wait { $0.count == alerts.count })
        try check(listener.received, against: alerts, structured: true)
    }

    @Test func severitiesMapToSyslogLevels() {
        #expect(SyslogMessage.level(for: .critical) == .critical)
        #expect(SyslogMessage.level(for: .high) == .error)
        #expect(SyslogMessage.level(for: .medium) == .warning)
        #expect(SyslogMessage.level(for: .low) == .notice)
        #expect(SyslogMessage.level(for: .info) == .informational)
    }

    @Test func aLongUDPMessageIsCutToTheLimitOnACharacterBoundary() throws {
        var alert = try #require(Self.alerts().first)
        alert.summary = String(repeating: "é", count: 3000)
        let line = SyslogMessage.line(for: alert, facility: .local0, hostname: nil, limit: SyslogMessage.udpLimit)
        #expect(line.count <= SyslogMessage.udpLimit && line.count > SyslogMessage.udpLimit - 4)
        #expect(String(validating: line, as: UTF8.self) != nil)
        #expect(SyslogMessage.octetCounted(line).starts(with: Array("\(line.count) <".utf8)))
    }

    @Test func aClosedTCPPortIsAFailedDelivery() async throws {
        let listener = try await SyslogListener.tcp()
        let port = listener.port
        await listener.stop()
        let target = AlertTarget(name: "gone", transport: .syslog(.init(host: "127.0.0.1", port: port, ipProtocol: .tcp)))
        let record = await AlertDispatcher(targets: [], log: InMemoryDeliveryLog()).sendTest(to: target)
        #expect(record.outcome == .failed)
        #expect(record.error?.hasPrefix("Could not connect to 127.0.0.1:\(port)") == true)
    }
}
