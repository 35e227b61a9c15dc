import ArgumentParser
import CamAuditCatalog
import CamAuditCore
import Foundation

/// `camaudit data ...`: check and try the fingerprint catalog.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Check and try the fingerprint catalog.",
        subcommands: [Lint.self, Match.self]
    )

    /// Where the catalog comes from: `--data DIR`, or the copy shipped with the program.
    struct CatalogOptions: ParsableArguments {
        @Option(name: .customLong("data"), help: "A catalog folder (holding fingerprints/, vocabulary.json, oem-brands.json). Default: the catalog shipped with camaudit.")
        var directory: String?

        func load() throws -> (FingerprintCatalog, [CatalogDiagnostic]) {
            if let directory {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError("No catalog folder at \(directory). Pass the folder that holds fingerprints/ and vocabulary.json.")
                }
                return FingerprintCatalog.load(directory: URL(fileURLWithPath: directory))
            }
            guard let bundled = FingerprintCatalog.bundledDirectory else {
                throw ValidationError("The shipped catalog is missing; pass --data with a catalog folder.")
            }
            return FingerprintCatalog.load(directory: bundled)
        }
    }

    /// `camaudit data lint`: every check the test suite runs, as compiler-style diagnostics.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every fingerprint: schema, vocabulary, patterns, and that each example matches its own entry first.",
            discussion: "Prints path:line: error: message for each problem and exits with status 1 if there is any error."
        )

        @OptionGroup var catalogOptions: CatalogOptions

        func run() throws {
            let (catalog, _) = try catalogOptions.load()
            // Vulnerability files sit beside the fingerprints: `<catalog>/vulnerabilities/`.
            let root = catalogOptions.directory.map { URL(fileURLWithPath: $0) } ?? FingerprintCatalog.bundledDirectory
            let vulnerabilitiesFolder = root?.appendingPathComponent("vulnerabilities")
            var vulnerabilityCount = 0
            var vulnerabilityDiagnostics: [CatalogDiagnostic] = []
            if let vulnerabilitiesFolder, FileManager.default.fileExists(atPath: vulnerabilitiesFolder.path) {
                let (vulnerabilities, loadDiagnostics) = VulnerabilityCatalog.load(directory: vulnerabilitiesFolder, vocabulary: catalog.vocabulary, oemBrands: catalog.oemBrands)
                vulnerabilityCount = vulnerabilities.vulnerabilities.count
                vulnerabilityDiagnostics = loadDiagnostics + vulnerabilities.lint()
            }
            // Default logins and lockout policies: `<catalog>/credentials/`.
            var credentialCount = 0
            var credentialDiagnostics: [CatalogDiagnostic] = []
            if let credentialsFolder = root?.appendingPathComponent("credentials"), FileManager.default.fileExists(atPath: credentialsFolder.path) {
                let (credentials, loadDiagnostics) = CredentialCatalog.load(directory: credentialsFolder, vocabulary: catalog.vocabulary)
                credentialCount = credentials.defaults.count
                credentialDiagnostics = loadDiagnostics
            }
            // Compliance rule sets and evidence strengths: `<catalog>/compliance/`, `<catalog>/maker-evidence.json`.
            let complianceDiagnostics = root.flatMap { FileManager.default.fileExists(atPath: $0.appendingPathComponent("compliance").path) ? ComplianceCatalog.load(root: $0, fingerprints: catalog).1 : nil } ?? []
            // Destinations cameras phone home to: `<catalog>/cloud-endpoints.json`.
            let cloudFile = root?.appendingPathComponent(CloudEndpointCatalog.fileName)
            let cloudDiagnostics = cloudFile.flatMap { FileManager.default.fileExists(atPath: $0.path) ? CloudEndpointCatalog.load(file: $0, vocabulary: catalog.vocabulary).1 : nil } ?? []
            // The loader and the lint may both report one problem; print each once.
            var seen: Set<String> = []
            let diagnostics = (catalog.lint() + vulnerabilityDiagnostics + credentialDiagnostics + complianceDiagnostics + cloudDiagnostics).filter { seen.insert($0.description).inserted }
            for diagnostic in diagnostics {
                FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
            }
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            print("\(catalog.fingerprintCount) fingerprints in \(catalog.files.count) files, \(catalog.exampleCount) examples checked; "
                + "\(vulnerabilityCount) vulnerabilities; \(credentialCount) default logins; \(errors) errors, \(warnings) warnings")
            if errors > 0 { throw ExitCode(1) }
        }
    }

    /// `camaudit data match FIELD -`: which fingerprints match a value read from standard input.
    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every fingerprint that matches a value read from standard input.",
            discussion: "Example: printf 'DNVRS-Webs' | camaudit data match http.server -"
        )

        /// Enough for any value the catalog matches (it looks at the first 8 KiB).
        static let maximumInputBytes = 1 << 20

        @Argument(help: "The observed field, e.g. http.server, http.title, rtsp.auth_realm.")
        var field: String

        @Argument(help: "Read the value from standard input (the only source; '-' may be omitted).")
        var input: String = "-"

        @OptionGroup var catalogOptions: CatalogOptions

        func validate() throws {
            guard input == "-" else { throw ValidationError("Only '-' (standard input) is supported; pipe the value in.") }
        }

        func run() throws {
            let (catalog, _) = try catalogOptions.load()
            let observed = ObservedField(rawValue: field)
            if catalog.fingerprints(for: observed).isEmpty {
                let known = catalog.files.map(\.field.rawValue).sorted().joined(separator: ", ")
                throw ValidationError("No fingerprints for field \(field). Known fields: \(known)")
            }
            let data = FileHandle.standardInput.readData(ofLength: Self.maximumInputBytes)
            var value = String(decoding: data, as: UTF8.self)
            // A trailing newline comes from echo or a file, not from the device.
            if value.hasSuffix("\r\n") { value.removeLast(2) } else if value.hasSuffix("\n") { value.removeLast() }
            let matches = catalog.matches(field: observed, value: value)
            for match in matches {
                let attributes = match.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                print("\(match.fingerprint.id)\tweight=\(match.fingerprint.weight)\t\(attributes)")
            }
            if matches.isEmpty {
                FileHandle.standardError.write(Data("no fingerprint for \(field) matches this value\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
