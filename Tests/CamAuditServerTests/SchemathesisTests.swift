import CamAuditServer
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Schemathesis (PyPI; `scripts/setup` puts it in `.build-tools/schemathesis`) generates requests from the
/// OpenAPI document the server publishes and checks every answer against it: no server error, documented
/// status codes, content types and headers, bodies that match their schemas, bad input refused.
@Suite("OpenAPI conformance (Schemathesis)", .serialized)
struct SchemathesisTests {
    static let executable = RepositoryFiles.root.appendingPathComponent(".build-tools/schemathesis/bin/schemathesis").path

    @Test func theAPIConformsToItsOpenAPIDocument() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            // CI runs `scripts/setup`, which installs it: there its absence is a failure.
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("Schemathesis is missing: run scripts/setup") }
            return
        }
        let (store, path) = try APIServerTests.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let admin = try APIServer.createUser(
            name: "admin", password: "correct horse battery", role: .admin, store: store, settings: APIServerTests.settings)
        let token = try APIServer.createAPIToken(for: admin, name: "schemathesis", store: store)
        let app = try APIServer.application(store: store, settings: APIServer.Settings(host: "127.0.0.1", port: 0, bcryptCost: 4))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)"
            // More examples or another seed for a longer hunt: CAMAUDIT_SCHEMATHESIS_EXAMPLES, CAMAUDIT_SCHEMATHESIS_SEED.
            let environment = ProcessInfo.processInfo.environment
            let examples = environment["CAMAUDIT_SCHEMATHESIS_EXAMPLES"] ?? "25"
            let seed = environment["CAMAUDIT_SCHEMATHESIS_SEED"] ?? "20261207"
            let outcome = try await Task.detached {
                try ChildProcess.run(
                    Self.executable,
                    [
                        "--no-color", "run", "\(base)/api/v1/openapi.json", "--url", base, "--header", "Authorization: Bearer \(token)",
                        "--checks", "all", "--phases", "examples,coverage,fuzzing", "--max-examples", examples, "--seed", seed,
                        "--workers", "1",
                    ],
                    environment: ["SCHEMATHESIS_TELEMETRY": "false", "NO_PROXY": "127.0.0.1"], timeout: .seconds(600))
            }.value
            #expect(outcome.status == 0, "schemathesis:\n\(outcome.output.suffix(6000))")
        }
    }
}
