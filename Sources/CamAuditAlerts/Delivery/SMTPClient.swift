import CamAuditCore
import Foundation
import NIOCore
import NIOSSL

/// Sends one mail through an SMTP server, as RFC 5321, "Simple Mail Transfer Protocol" (October 2008), describes:
/// EHLO, STARTTLS whenever the server offers it (RFC 3207, "SMTP Service Extension for Secure SMTP over Transport Layer
/// Security", February 2002) and EHLO again, AUTH PLAIN or LOGIN only over TLS (RFC 4954, "SMTP Service Extension for
/// Authentication"), MAIL FROM, RCPT TO, DATA with dot-stuffing (RFC 5321 section 4.5.2), QUIT. Every reply is awaited
/// for at most one step timeout.
enum SMTPClient {
    struct Reply {
        var code: Int
        var lines: [String]

        var text: String { SyslogMessage.printable("\(code) " + lines.joined(separator: " / ")) }
    }

    static func send(
        message: [UInt8], to target: AlertTarget.Email, timeouts: NetworkTimeouts, group: any EventLoopGroup
    ) async throws {
        for address in [target.from] + target.to where !validAddress(address) {
            throw DeliveryError("\(SyslogMessage.printable(address)) is not a mail address camaudit can send to.")
        }
        guard !target.to.isEmpty else { throw DeliveryError("The email target has no recipient.") }
        let connection = try await StreamConnection.open(host: target.host, port: target.port, tls: nil, timeouts: timeouts, group: group)
        do {
            try await converse(connection, message: message, target: target)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    private static func converse(_ connection: StreamConnection, message: [UInt8], target: AlertTarget.Email) async throws {
        try await expect(connection, [220], after: "connecting")
        var extensions = try await ehlo(connection, target.heloName)
        if extensions.contains(where: { $0 == "STARTTLS" }) {
            let context: NIOSSLContext
            do {
                context = try TLSNames.clientContext(extraPEM: target.trustedCertificatesPEM)
            } catch {
                throw DeliveryError("Could not set up TLS: \(error).")
            }
            try await command(connection, "STARTTLS", expecting: [220])
            try await connection.startTLS(context, host: target.host)
            // RFC 3207 section 4.2: what the server said before TLS is forgotten; ask again.
            extensions = try await ehlo(connection, target.heloName)
        } else if target.requireTLS {
            _ = try? await command(connection, "QUIT", expecting: [221])
            throw DeliveryError("\(connection.peer) does not offer STARTTLS and the target requires TLS; nothing was sent.")
        }
        if let credentials = target.credentials {
            guard connection.isTLS else {
                throw DeliveryError("\(connection.peer) offers no TLS; the password is not sent in clear and nothing was sent.")
            }
            try await authenticate(connection, credentials, extensions: extensions)
        }
        try await command(connection, "MAIL FROM:<\(target.from)>", expecting: [250])
        for recipient in target.to {
            try await command(connection, "RCPT TO:<\(recipient)>", expecting: [250, 251])
        }
        try await command(connection, "DATA", expecting: [354])
        try await connection.write(dotStuffed(message))
        try await expect(connection, [250], after: "the message")
        _ = try? await command(connection, "QUIT", expecting: [221])
    }

    /// The extension lines the server lists after its greeting line, upper-cased (`STARTTLS`, `AUTH PLAIN LOGIN`, ...).
    private static func ehlo(_ connection: StreamConnection, _ name: String) async throws -> [String] {
        let reply = try await command(connection, "EHLO \(SyslogMessage.field(name, 255))", expecting: [250])
        return reply.lines.dropFirst().map { $0.uppercased() }
    }

    /// AUTH PLAIN when offered, else AUTH LOGIN (RFC 4954; PLAIN is RFC 4616, "The PLAIN Simple Authentication and Security
    /// Layer (SASL) Mechanism").
    private static func authenticate(
        _ connection: StreamConnection, _ credentials: AlertTarget.Email.Credentials, extensions: [String]
    ) async throws {
        let offered = Set(
            extensions.filter { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }.flatMap {
                $0.dropFirst(5).split(separator: " ").map(String.init)
            })
        let base64 = { (text: String) in Data(text.utf8).base64EncodedString() }
        if offered.contains("PLAIN") {
            try await command(
                connection, "AUTH PLAIN " + base64("\u{0}\(credentials.username)\u{0}\(credentials.password)"), expecting: [235])
        } else if offered.contains("LOGIN") {
            try await command(connection, "AUTH LOGIN", expecting: [334])
            try await command(connection, base64(credentials.username), expecting: [334], naming: "AUTH LOGIN")
            try await command(connection, base64(credentials.password), expecting: [235], naming: "AUTH LOGIN")
        } else {
            throw DeliveryError("\(connection.peer) offers neither AUTH PLAIN nor AUTH LOGIN; nothing was sent.")
        }
    }

    @discardableResult
    static func command(_ connection: StreamConnection, _ line: String, expecting codes: Set<Int>, naming: String? = nil) async throws
        -> Reply
    {
        try await connection.write(line + "\r\n")
        // Named by its verb only, so no credential reaches an error sentence.
        let verb = naming ?? (line.hasPrefix("AUTH") ? "AUTH" : String(line.prefix { $0 != " " && $0 != ":" }))
        return try await expect(connection, codes, after: verb)
    }

    @discardableResult
    static func expect(_ connection: StreamConnection, _ codes: Set<Int>, after what: String) async throws -> Reply {
        let reply = try await readReply(connection)
        guard codes.contains(reply.code) else {
            throw DeliveryError("\(connection.peer) answered \"\(reply.text)\" to \(what).")
        }
        return reply
    }

    /// One reply: lines `250-...` continue it, `250 ...` ends it (RFC 5321 section 4.2.1).
    static func readReply(_ connection: StreamConnection) async throws -> Reply {
        var lines: [String] = []
        while lines.count < 100 {
            let line = try await connection.readLine()
            let digits = line.prefix(3)
            guard digits.count == 3, digits.allSatisfy(\.isASCII), let code = Int(digits) else {
                throw DeliveryError(
                    "\(connection.peer) sent a line that is not an SMTP reply: \(SyslogMessage.printable(String(line.prefix(80)))).")
            }
            let rest = line.dropFirst(3)
            lines.append(String(rest.dropFirst()))
            if rest.first != "-" { return Reply(code: code, lines: lines) }
        }
        throw DeliveryError("\(connection.peer) sent a reply of more than 100 lines.")
    }

    /// The message with CR LF line ends, a `.` doubled at the start of each line, and the final `.` line.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(message.count + 64)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { result.append(UInt8(ascii: "\r")) }
            if atLineStart && byte == UInt8(ascii: ".") { result.append(UInt8(ascii: ".")) }
            result.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !atLineStart { result += Array("\r\n".utf8) }
        return result + Array(".\r\n".utf8)
    }

    /// `local@domain` in printable ASCII, without anything that would break out of `<...>` or a line.
    static func validAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && address.count <= 254
            && address.unicodeScalars.allSatisfy { (33...126).contains($0.value) && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }
}
