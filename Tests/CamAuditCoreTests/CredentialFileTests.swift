import CamAuditCore
import Testing

/// The `--credentials` file: its line and JSON forms, which entries apply to an address, and redaction.
@Suite("Credential file")
struct CredentialFileTests {
    @Test func credentialFileFormatsAndRedaction() throws {
        let file = try CredentialFile(
            parsing: """
                # comment
                127.0.0.5 admin pass with spaces
                {"target": "127.1.0.0/16", "user": "root", "password": "j\\"son"}
                * guest guest
                """)
        #expect(file.entries.count == 3)
        #expect(file.entries[0].password == "pass with spaces")
        #expect(file.entries[1].password == "j\"son")
        #expect(file.entries(for: IPAddress("127.0.0.5")!).map(\.user) == ["admin", "guest"])
        #expect(file.entries(for: IPAddress("127.1.2.3")!).map(\.user) == ["root", "guest"])
        #expect(!String(describing: file.entries[0]).contains("pass with spaces"))
        #expect(throws: CredentialFileError.self) { try CredentialFile(parsing: "example.com admin x") }
        #expect(throws: CredentialFileError.self) { try CredentialFile(parsing: "127.0.0.1 admin") }
    }
}
