import ArgumentParser
import CamAuditCore
import CamAuditReports
import Foundation

/// What `--fail-on` and `--fail-on-new` look for: a finding of at least a severity, or a ban verdict.
enum FailureLevel: String, ExpressibleByArgument, CaseIterable {
    case critical, high, medium, low, covered

    /// The exit status when the level is met; 3 (deadline) and 64 (usage) mean other things.
    static let exitCode: Int32 = 2

    /// The severity this level asks for at least; nil for `covered`.
    var severity: Severity? { Severity(rawValue: rawValue) }

    /// Whether this device meets the level: a finding at least this severe, or, for `covered`, a
    /// compliance verdict `covered` (a report without verdicts has no covered device).
    func isMet(by device: DeviceReport) -> Bool {
        guard let severity else { return device.compliance?.contains { $0.status == .covered } ?? false }
        return device.findings.contains { $0.severity >= severity }
    }

    /// Whether a diff shows something new at this level: a new finding on a device in both scans, a
    /// finding on a new device, or a device that became covered (or is new and covered).
    func isMet(by diff: ScanDiff) -> Bool {
        guard let severity else {
            return diff.newDevices.contains { $0.compliance.contains { $0.status == .covered } }
                || diff.changedDevices.contains { $0.complianceChanges.contains { $0.new == .covered } }
        }
        let findings = diff.newDevices.flatMap(\.findings) + diff.changedDevices.flatMap(\.newFindings)
        return findings.contains { $0.severity >= severity }
    }

    /// How the level reads in a sentence.
    var phrase: String {
        self == .covered ? "a compliance verdict 'covered'" : "a finding of severity \(rawValue)\(self == .critical ? "" : " or worse")"
    }
}

/// `--fail-on LEVEL`: a non-zero exit for CI and scripts when a report has what LEVEL names.
struct FailOnOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Exit with status 2 when any device has a finding of at least this severity (high includes critical), "
                + "or, for 'covered', a compliance verdict 'covered' (NDAA 889, FCC Covered List). The report is written first.",
            valueName: "LEVEL"))
    var failOn: FailureLevel?

    /// Throws exit status 2, after a sentence on stderr naming the devices, when the report meets the level.
    func exit(for report: ScanReport) throws {
        guard let failOn else { return }
        let devices = report.devices.filter(failOn.isMet(by:)).map(\.address.description)
        guard !devices.isEmpty else { return }
        let listed = devices.prefix(10).joined(separator: ", ") + (devices.count > 10 ? ", ..." : "")
        FileHandle.standardError.write(
            Data(
                "camaudit: --fail-on \(failOn.rawValue): \(devices.count) device(s) with \(failOn.phrase): \(listed)\n".utf8))
        throw ExitCode(FailureLevel.exitCode)
    }
}
