// The closed word lists of a scan report (`WordList`): severity, finding kind, scan status, check mode, compliance
// status, risk level and plan group. `DecidedBy` is the open one.

/// How serious a finding is: the CVSS v3 qualitative rating, plus `unknown` (a vulnerability without a score) and
/// `info` (a note that is not a vulnerability). The one order of severities: "at least high" and "worst first" mean
/// the same in every report, in `--fail-on` and in `camaudit diff`.
public enum Severity: String, OrderedWordList {
    // Mildest first: `info` and `unknown` sit between `none` and `low`.
    case none, info, unknown, low, medium, high, critical

    public static let listName = "severity"

    /// The CVSS v3 qualitative rating of a score: critical from 9.0, high from 7.0, medium from 4.0, low above 0, else none;
    /// `unknown` without a score (CVSS v3.1 specification, section 5 "Qualitative Severity Rating Scale").
    public init(cvssScore score: Double?) {
        guard let score else {
            self = .unknown
            return
        }
        switch score {
        case 9...: self = .critical
        case 7..<9: self = .high
        case 4..<7: self = .medium
        case let value where value > 0: self = .low
        default: self = .none
        }
    }
}

/// What a finding is about; `RiskWeights` scores findings of each kind.
public enum FindingKind: String, WordList {
    case vulnerability, credential, stream, exposure, hygiene
    case phoneHome = "phone-home"
    /// A device that behaves as taken over: Stratum mining, scanning others, outbound telnet/SSH, Tor.
    case compromise

    public static let listName = "finding kind"
}

/// How a scan ended.
public enum ScanStatus: String, WordList {
    /// Every target was swept and probed.
    case completed
    /// `--deadline` cut the scan short; the devices found until then are reported.
    case deadline
    /// The scan was stopped before the end.
    case cancelled
    /// The scan is running: its row is written when it starts and each host is saved as it completes.
    case running
    /// SIGINT or SIGTERM stopped the scan; the hosts done were saved and `camaudit scan --resume ID` continues.
    case interrupted
    /// Found later: the process running the scan ended without finishing it (`kill -9`, a crash, a power cut).
    /// The hosts done before were saved; `camaudit scan --resume ID` continues.
    case abandoned

    public static let listName = "scan status"
}

/// How the security checks of a scan ran.
public enum CheckMode: String, WordList {
    /// The default: passive and read-only checks only.
    case safe
    /// `--intrusive` was given.
    case intrusive

    public static let listName = "check mode"
}

/// One rule set's verdict on a device.
public enum ComplianceStatus: String, WordList {
    /// The rule set names the device's maker.
    case covered
    case notCovered = "not-covered"
    /// No evidence names the maker, so the rule set cannot be applied.
    case unknown

    public static let listName = "compliance status"
}

/// A device's risk level, mildest first; `RiskWeights.level(score:)` in CamAuditVerdicts maps a score to it.
public enum RiskLevel: String, OrderedWordList {
    case none, low, medium, high, critical

    public static let listName = "risk level"
}

/// A device's group in the replacement plan, in the order the plan acts on them: `replace-now` first.
public enum PlanGroup: String, WordList {
    case replaceNow = "replace-now"
    case patchNow = "patch-now"
    case harden, fine

    public static let listName = "plan group"

    /// `Replace now` for `replace-now`.
    public var title: String {
        let text = rawValue.split(separator: "-").joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
