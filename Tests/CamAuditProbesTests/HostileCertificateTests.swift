import Foundation
import Testing
@testable import CamAuditProbes

/// Certificates are whatever a device sends: names with terminal escapes, bidi overrides, or
/// hundreds of attributes must come out bounded and printable.
@Suite struct HostileCertificateTests {
    /// Makes a self-signed DER certificate with `openssl` (our own throwaway key) for the subject.
    static func certificate(subject: String) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let der = directory.appendingPathComponent("cert.der").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", directory.appendingPathComponent("key.pem").path,
            "-outform", "DER", "-out", der, "-days", "2", "-utf8", "-multivalue-rdn", "-subj", subject,
        ]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openssl could not make the test certificate")
        return Array(try Data(contentsOf: URL(fileURLWithPath: der)))
    }

    @Test func terminalEscapesAndBidiOverridesAreWrittenOut() throws {
        let names = try #require(CertificateNames(der: try Self.certificate(subject: "/CN=cam\u{1b}[2J\u{202e}gpj.exe/O=HIKVISION")))
        #expect(!names.subject.unicodeScalars.contains { $0.value < 0x20 || (0x202a...0x202e).contains($0.value) })
        #expect(names.subject.contains("\\x1b[2J"))
        #expect(names.subject.contains("\\u{202e}"))
        #expect(names.subject.contains("O=HIKVISION"))
    }

    @Test func aHugeListOfNamesIsCut() throws {
        let many = (0..<300).map { "/OU=unit-\($0)-padding-padding" }.joined()
        let names = try #require(CertificateNames(der: try Self.certificate(subject: "/CN=many" + many)))
        #expect(names.subject.count <= CertificateNames.limit + 8)
        #expect(names.subject.hasSuffix("...(cut)"))
    }

    @Test func garbageIsNotACertificate() {
        #expect(CertificateNames(der: Array("not a certificate".utf8)) == nil)
        #expect(CertificateNames(der: [0x30, 0x82, 0xff, 0xff]) == nil)
        #expect(CertificateNames(der: []) == nil)
    }
}
