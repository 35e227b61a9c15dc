import CamAuditCore
import Foundation
import NIOCore

/// The JSON body of a webhook delivery: `{"alerts": [...], "schemaVersion": "1.0"}`, keys sorted, dates as the reports
/// write them.
public struct WebhookPayload: Sendable, Hashable, Codable {
    public static let schemaVersion = "1.0"
    public var schemaVersion: String
    public var alerts: [Alert]

    public init(alerts: [Alert]) {
        schemaVersion = Self.schemaVersion
        self.alerts = alerts
    }

    public func encoded() throws -> [UInt8] { Array(try ReportCoding.makeEncoder(pretty: false).encode(self)) }

    public static func decode(_ body: [UInt8]) throws -> WebhookPayload {
        try ReportCoding.makeDecoder().decode(WebhookPayload.self, from: Data(body))
    }
}

/// Posts alerts to a webhook over HTTP/1.1 (RFC 9112, "HTTP/1.1"), one request per delivery on its own connection; any 2xx answer
/// is a delivery, anything else a failure the dispatcher retries.
enum WebhookSender {
    struct Endpoint: Equatable {
        var https: Bool
        var host: String
        var port: Int
        var path: String
    }

    static func endpoint(_ url: String) throws -> Endpoint {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { throw DeliveryError("\(url) is not an http:// or https:// URL.") }
        guard components.user == nil, components.password == nil else {
            throw DeliveryError("The webhook URL must not carry a user or password; the signature authenticates the sender.")
        }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { path += "?" + query }
        return Endpoint(https: scheme == "https", host: bare, port: components.port ?? (scheme == "https" ? 443 : 80), path: path)
    }

    static func request(_ endpoint: Endpoint, body: [UInt8], secret: String, timestamp: String) -> [UInt8] {
        let defaultPort = endpoint.port == (endpoint.https ? 443 : 80)
        let host = (endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host) + (defaultPort ? "" : ":\(endpoint.port)")
        let head = [
            "POST \(endpoint.path) HTTP/1.1", "Host: \(host)", "User-Agent: camaudit/\(CamAuditVersion.current)",
            "Content-Type: application/json", "Content-Length: \(body.count)",
            "\(WebhookSignature.timestampHeader): \(timestamp)",
            "\(WebhookSignature.signatureHeader): \(WebhookSignature.header(body: body, timestamp: timestamp, secret: secret))",
            "Connection: close",
        ]
        return Array((head.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }

    static func send(
        _ alerts: [Alert], to target: AlertTarget.Webhook, now: Date, timeouts: NetworkTimeouts, group: any EventLoopGroup
    ) async throws {
        let endpoint = try endpoint(target.url)
        let body = try WebhookPayload(alerts: alerts).encoded()
        let timestamp = String(Int64(now.timeIntervalSince1970.rounded(.down)))
        let tls = endpoint.https ? try TLSNames.clientContext(extraPEM: target.trustedCertificatesPEM) : nil
        let connection = try await StreamConnection.open(
            host: endpoint.host, port: endpoint.port, tls: tls, timeouts: timeouts, group: group)
        let status: String
        do {
            try await connection.write(request(endpoint, body: body, secret: target.secret, timestamp: timestamp))
            status = try await connection.readLine()
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        let parts = status.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else {
            throw DeliveryError("The webhook did not answer with HTTP: \(SyslogMessage.printable(String(status.prefix(80)))).")
        }
        guard (200..<300).contains(code) else {
            throw DeliveryError("The webhook answered \(SyslogMessage.printable(String(status.dropFirst(parts[0].count + 1).prefix(80)))).")
        }
    }
}
