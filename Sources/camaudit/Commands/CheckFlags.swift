import ArgumentParser
import CamAuditChecks
import CamAuditCore
import Foundation

/// The security-check options shared by `scan` and `demo`. The defaults are the safe run.
struct CheckFlags: ParsableArguments {
    @Flag(help: "Identify only: run no security checks (no vulnerability probes, no logins, no stream requests).")
    var noChecks = false

    @Flag(
        help:
            "Also run checks labelled intrusive (e.g. the Dahua CVE-2021-33044 login bypass, followed at once by a logout). Every intrusive request is logged in the report. Only on devices you are authorised to test."
    )
    var intrusive = false

    @Flag(help: "Do not try vendor default passwords.")
    var noDefaultCredentials = false

    @Flag(
        help:
            "Forget the logins earlier scans saved in this database sent to the hosts found: their failures stop counting in each device's lockout budget and refused logins are tried again. For a device that was reset or given a new password."
    )
    var forgetLogins = false

    @Option(
        help: ArgumentHelp(
            "More logins to try after the vendor defaults, one 'user password' (or 'user:password') per line; the same lockout-aware budget applies.",
            valueName: "FILE"))
    var wordlist: String?

    @Flag(help: "Print found passwords in reports instead of redacting them.")
    var revealSecrets = false

    @Flag(help: "Confirm an open RTSP stream by reading one RTP packet (SETUP, PLAY, TEARDOWN).")
    var frameCheck = false

    @Option(help: ArgumentHelp("Save the images of open snapshots in this folder (nothing is stored otherwise).", valueName: "DIR"))
    var saveEvidence: String?

    @Option(
        help: ArgumentHelp(
            "The UPnP IGD router's description URL, to read its port mappings (default: a router found by SSDP among the scanned hosts).",
            valueName: "URL"))
    var router: String?

    func validate() throws {
        if let router, routerURL(router) == nil {
            throw ValidationError(
                "--router must be an http:// URL of the router's UPnP description, e.g. http://127.0.0.1:5000/rootDesc.xml.")
        }
        // Read once here, before any packet is sent, so a folder or a binary file is named at once.
        if let wordlist, !noChecks { _ = try InputFile.text(wordlist, option: "--wordlist", expected: Self.wordlistLines) }
    }

    static let wordlistLines = "one 'user password' or 'user:password' per line"

    private func routerURL(_ text: String) -> URL? {
        guard let url = URL(string: text), url.scheme == "http", url.host != nil else { return nil }
        return url
    }

    /// The check options, or nil with `--no-checks`.
    func options(stepTimeout: Duration) throws -> CheckOptions? {
        guard !noChecks else { return nil }
        var extra: [(user: String, password: String)] = []
        if let wordlist {
            let text: String
            do { text = try InputFile.text(wordlist, option: "--wordlist", expected: Self.wordlistLines) } catch let error
                as ValidationError
            {
                throw CommandLineMessages.refuse(error.message)
            }
            extra = CredentialWordlist.parse(text)
        }
        var evidence: URL?
        if let saveEvidence {
            evidence = URL(fileURLWithPath: saveEvidence, isDirectory: true)
            do { try FileManager.default.createDirectory(at: evidence!, withIntermediateDirectories: true) } catch {
                throw CommandLineMessages.refuse(
                    "Cannot create the evidence folder '\(saveEvidence)' (\(error.localizedDescription)); give a folder you can write to with --save-evidence."
                )
            }
        }
        return CheckOptions(
            intrusive: intrusive, revealSecrets: revealSecrets, frameCheck: frameCheck, evidenceDirectory: evidence,
            defaultCredentials: !noDefaultCredentials, extraCredentials: extra, stepTimeout: stepTimeout,
            forgetEarlierLogins: forgetLogins)
    }

    var routerURL: URL? { router.flatMap(routerURL) }
}
