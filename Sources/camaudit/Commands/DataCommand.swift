import ArgumentParser
import CamAuditCatalog
import CamAuditCore
import CamAuditLab
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
        @Option(
            name: .customLong("data"),
            help: "A catalog folder (holding fingerprints/, vocabulary.json, oem-brands.json). Default: the catalog shipped with camaudit.")
        var directory: String?

        /// The catalog folder: `--data DIR` when it exists, else the shipped one.
        func root() throws -> URL {
            if let directory {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw CommandLineMessages.refuse(
                        "No catalog folder at \(directory). Pass the folder that holds fingerprints/ and vocabulary.json.")
                }
                return URL(fileURLWithPath: directory)
            }
            guard let bundled = FingerprintCatalog.bundledDirectory else {
                throw CommandLineMessages.refuse("The shipped catalog is missing; pass --data with a catalog folder.")
            }
            return bundled
        }

        func load() throws -> (FingerprintCatalog, [CatalogDiagnostic]) {
            FingerprintCatalog.load(directory: try root())
        }
    }

    /// `camaudit data lint`: every check the test suite runs, on every data file, as compiler-style diagnostics.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check every data file: fingerprints and their examples, vulnerabilities, logins, stream paths, rule sets, cloud endpoints, the lab's profiles, and every citation.",
            discussion: "Prints path:line: error: message for each problem and exits with status 1 if there is any error. "
                + "A citation must be one a reader can follow: a URL, a document title and date, or owner/repo@commit and file; "
                + "a path outside the repository or on a machine is an error, and so is a missing part of the catalog."
        )

        @OptionGroup var catalogOptions: CatalogOptions

        func run() throws {
            // The data is read once, by the lint.
            let root = try catalogOptions.root()
            var result = Catalog.lint(root: root)
            // The lab's profiles ship with the program; with --data they are not that catalog's, so they are skipped.
            var profileCount = 0
            if catalogOptions.directory == nil {
                let (count, problems) = ProfileLint.lint { result.vocabulary?.resolve($0) != nil }
                profileCount = count
                result.diagnostics += problems.map { CatalogDiagnostic(path: $0.path, line: $0.line, message: $0.message) }
            }
            for diagnostic in result.diagnostics {
                FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
            }
            print(
                "\(result.fingerprintCount) fingerprints in \(result.fingerprintFileCount) files, \(result.exampleCount) examples checked; "
                    + "\(result.vulnerabilityCount) vulnerabilities; \(result.defaultLoginCount) default logins; \(result.streamPathCount) stream paths; "
                    + "\(result.cloudEndpointCount) cloud endpoints; \(profileCount) lab profiles; citations in \(result.citationsChecked) files; "
                    + "\(result.errorCount) errors, \(result.warningCount) warnings")
            if result.errorCount > 0 { throw ExitCode(1) }
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
                throw CommandLineMessages.refuse("No fingerprints for field \(field). Known fields: \(known)")
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
