import CamAuditCatalog
import Foundation

// A data catalog file (the user may point `data lint` and the loaders at their own folder): byte 0 picks
// which file the rest is, it is written into a scratch catalog folder, and that file's loader reads it.
let scratchRoot: URL = {
    let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return URL(fileURLWithPath: "\(folder)/camaudit-fuzz-catalog-\(getpid())", isDirectory: true)
}()

/// Where each kind of file goes, relative to the catalog root, and the loader that reads it.
let kinds: [(path: String, load: (URL) -> Void)] = [
    ("cloud-endpoints.json", { _ = CloudEndpointCatalog.load(file: $0.appendingPathComponent("cloud-endpoints.json")) }),
    ("streams/stream-paths.json", { _ = try? StreamPathCatalog.load(file: $0.appendingPathComponent("streams/stream-paths.json")) }),
    ("credentials/default-credentials.json", { _ = CredentialCatalog.load(directory: $0.appendingPathComponent("credentials")) }),
    ("credentials/lockout-policies.json", { _ = CredentialCatalog.load(directory: $0.appendingPathComponent("credentials")) }),
    ("vulnerabilities/CVE-0000-0000.json", { _ = VulnerabilityCatalog.load(directory: $0.appendingPathComponent("vulnerabilities")) }),
    ("compliance/rules.json", { _ = ComplianceCatalog.load(root: $0) }),
    ("maker-evidence.json", { _ = ComplianceCatalog.load(root: $0) }),
    ("fingerprints/fuzz.json", { _ = FingerprintCatalog.load(directory: $0) }),
    ("vocabulary.json", { _ = FingerprintCatalog.load(directory: $0) }),
    ("oem-brands.json", { _ = FingerprintCatalog.load(directory: $0) }),
    ("device-types.json", { _ = FingerprintCatalog.load(directory: $0) }),
]

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    // The scratch folder goes when the run ends (libFuzzer exits through exit(3) after a time budget).
    atexit { try? FileManager.default.removeItem(at: scratchRoot) }
    _ = try? FingerprintCatalog.bundled()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCatalog(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    guard let first = input.first else { return 0 }
    let kind = kinds[Int(first) % kinds.count]
    let file = scratchRoot.appendingPathComponent(kind.path)
    try? FileManager.default.removeItem(at: scratchRoot)
    try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try! Data(input.dropFirst()).write(to: file)
    kind.load(scratchRoot)
    return 0
}
