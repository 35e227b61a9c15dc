import Foundation

/// What the user allowed the active checks to do. The defaults are the safe run.
public struct CheckOptions: Sendable {
    /// `--intrusive`: run checks labelled `intrusive` (each request is logged in the report).
    public var intrusive: Bool
    /// `--reveal-secrets`: print found passwords instead of redacting them.
    public var revealSecrets: Bool
    /// `--frame-check`: after an open RTSP DESCRIBE, read one RTP packet to prove video flows.
    public var frameCheck: Bool
    /// `--save-evidence DIR`: keep snapshot images here; nothing is stored when nil.
    public var evidenceDirectory: URL?
    /// `--no-default-credentials`: skip default-password checks.
    public var defaultCredentials: Bool
    /// Extra `user:password` pairs (`--wordlist`), tried after the vendor defaults under the same budget.
    public var extraCredentials: [(user: String, password: String)]
    /// Deadline of each network step.
    public var stepTimeout: Duration
    /// Pause between two login attempts on the same device (lockout counters often count per time window).
    public var loginPause: Duration
    /// `--forget-logins`: drop what earlier scans sent to each host before checking it.
    public var forgetEarlierLogins: Bool

    public init(
        intrusive: Bool = false, revealSecrets: Bool = false, frameCheck: Bool = false, evidenceDirectory: URL? = nil,
        defaultCredentials: Bool = true, extraCredentials: [(user: String, password: String)] = [],
        stepTimeout: Duration = .seconds(3), loginPause: Duration = .milliseconds(200), forgetEarlierLogins: Bool = false
    ) {
        self.intrusive = intrusive
        self.revealSecrets = revealSecrets
        self.frameCheck = frameCheck
        self.evidenceDirectory = evidenceDirectory
        self.defaultCredentials = defaultCredentials
        self.extraCredentials = extraCredentials
        self.stepTimeout = stepTimeout
        self.loginPause = loginPause
        self.forgetEarlierLogins = forgetEarlierLogins
    }
}
