import CamAuditTestSupport
import Foundation
import NIOSSL
import Testing

/// A throwaway self-signed certificate for 127.0.0.1, made with `openssl` for one test.
struct TestCertificate {
    var certificatePEM: String
    var keyPEM: String

    static func make() throws -> TestCertificate {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-alerts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = try ChildProcess.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
                "-subj", "/CN=camaudit alert test", "-addext", "subjectAltName=IP:127.0.0.1",
            ])
        try #require(openssl.status == 0, "openssl could not make the test certificate: \(openssl.stderr)")
        return TestCertificate(
            certificatePEM: try String(contentsOfFile: certificate, encoding: .utf8),
            keyPEM: try String(contentsOfFile: key, encoding: .utf8))
    }

    func serverContext() throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }
}
