// swift-tools-version:5.4
// 5.4, the last tools version before SwiftPM renames an executable's entry point to `<module>_main` and links it as
// `main` (for testable executables): these harnesses have no entry point of their own, libFuzzer's `main` runs them.
import PackageDescription

// libFuzzer harnesses for camaudit's parsers: one executable per parser, linked with libFuzzer and
// AddressSanitizer. A separate package so that the sanitizer flags never reach the real build:
//   swift build -c release --package-path Fuzz --scratch-path .build-fuzz \
//       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// `scripts/fuzz [SECONDS]` builds them, seeds each from the samples in Tests and Fuzz/Seeds, and runs each in turn.
let harnesses: [(name: String, modules: [String])] = [
    ("FuzzHTTPResponse", ["CamAuditProbes"]),
    ("FuzzRTSPSession", ["CamAuditProbes", "CamAuditChecks"]),
    ("FuzzSDP", ["CamAuditChecks"]),
    ("FuzzRTPInterleaved", ["CamAuditChecks"]),
    ("FuzzJPEG", ["CamAuditChecks"]),
    ("FuzzMultipart", ["CamAuditChecks"]),
    ("FuzzSOAPXML", ["CamAuditProbes", "CamAuditChecks", "CamAuditDiscoveryProtocols"]),
    ("FuzzSADP", ["CamAuditDiscoveryProtocols"]),
    ("FuzzDHIP", ["CamAuditDiscoveryProtocols"]),
    ("FuzzWSDiscovery", ["CamAuditDiscoveryProtocols"]),
    ("FuzzSSDP", ["CamAuditDiscoveryProtocols"]),
    ("FuzzMDNS", ["CamAuditDiscoveryProtocols"]),
    ("FuzzUDPReply", ["CamAuditDiscoveryProtocols"]),
    ("FuzzNmapXML", ["CamAuditScanner"]),
    ("FuzzCredentials", ["CamAuditCore"]),
    ("FuzzCaptureFile", ["CamAuditTraffic", "CamAuditCatalog"]),
    ("FuzzPacket", ["CamAuditTraffic"]),
    ("FuzzCatalog", ["CamAuditCatalog"]),
]

let package = Package(
    name: "camaudit-fuzz",
    dependencies: [.package(name: "camaudit", path: "..")],
    targets: harnesses.map { harness in
        .executableTarget(
            name: harness.name,
            dependencies: harness.modules.map { .product(name: $0, package: "camaudit") }
        )
    }
)
