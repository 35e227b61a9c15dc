import CamAuditCore

/// What one family of active checks concluded about one host.
public struct CheckOutcome: Sendable {
    public var findings: [Finding]
    /// Things that went wrong or were skipped (a timeout, a lock signal, a budget reached), as sentences.
    public var notes: [String]
    /// One line per intrusive request sent (`--intrusive` only): what, where, when, and what came back.
    public var intrusiveRequests: [String]
    /// Requests sent, for the benchmark and the report.
    public var requestsSent: Int
    /// The login the default-credential check saw accepted, if any: the scan reads the firmware with it once.
    public var acceptedLogin: AcceptedLogin?

    public init(findings: [Finding] = [], notes: [String] = [], intrusiveRequests: [String] = [], requestsSent: Int = 0) {
        self.findings = findings
        self.notes = notes
        self.intrusiveRequests = intrusiveRequests
        self.requestsSent = requestsSent
    }

    /// Appends another outcome's findings, notes and logs.
    public mutating func add(_ other: CheckOutcome) {
        findings += other.findings
        notes += other.notes
        intrusiveRequests += other.intrusiveRequests
        requestsSent += other.requestsSent
        acceptedLogin = acceptedLogin ?? other.acceptedLogin
    }
}
