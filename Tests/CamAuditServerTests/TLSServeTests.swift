import CamAuditTestSupport
import Foundation
import Testing

/// `camaudit serve --tls-cert --tls-key`: HTTPS with a certificate of our own (made here with openssl),
/// cookies marked `Secure`, and plain HTTP no longer answered on that port.
@Suite("Serving over TLS", .serialized)
struct TLSServeTests {
    @Test func theServerSpeaksHTTPSAndItsCookiesAreSecure() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (cert, key) = (folder.appendingPathComponent("cert.pem").path, folder.appendingPathComponent("key.pem").path)
        let openssl = try ChildProcess.run(
            "openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"])
        try #require(openssl.status == 0, "\(openssl.stderr)")

        let log = folder.appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let input = Pipe()
        let server = Process()
        server.executableURL = BrowserTests.binary()
        server.arguments = [
            "serve", "--port", "0", "--tls-cert", cert, "--tls-key", key, "--init-admin", "admin", "--db",
            folder.appendingPathComponent("scans.sqlite").path,
        ]
        server.standardInput = input
        server.standardError = try FileHandle(forWritingTo: log)
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        input.fileHandleForWriting.write(Data("a long test password\n".utf8))
        try input.fileHandleForWriting.close()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var address: String?
        for _ in 0..<200 where address == nil {
            try await Task.sleep(for: .milliseconds(100))
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            address = text.firstMatch(of: /dashboard (https:\/\/127\.0\.0\.1:[0-9]+)\//).map { String($0.1) }
        }
        let base = try #require(
            address, "the server did not say where it listens: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let health = try ChildProcess.run("curl", ["-sk", "--max-time", "10", base + "/healthz"])
        #expect(health.stdout.contains("\"status\" : \"ok\""), "\(health.output)")
        let login = try ChildProcess.run("curl", ["-sk", "--max-time", "10", "-D", "-", "-o", "/dev/null", base + "/login"])
        #expect(login.stdout.lowercased().contains("set-cookie: camaudit_login="))
        #expect(login.stdout.contains("Secure"), "cookies over TLS carry Secure: \(login.stdout)")
        let plain = try ChildProcess.run(
            "curl",
            [
                "-s", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}",
                base.replacingOccurrences(of: "https", with: "http") + "/healthz",
            ])
        #expect(plain.stdout != "200", "plain HTTP gets no answer on the TLS port")
    }
}
