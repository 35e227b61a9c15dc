import CamAuditCore

/// What the authenticated reads of one host learned, and what they cost.
public struct AuthenticatedReadResult: Sendable {
    /// `auth.*` observations; empty when no login was accepted.
    public var observations: [Observation] = []
    /// Sentences such as `port 80: credentials accepted for admin (GET /ISAPI/System/deviceInfo)`; never a password.
    public var notes: [String] = []
    /// Refused logins sent to this host (each counts toward the device's lockout).
    public var refusedAttempts = 0
    /// Logins sent in total, accepted ones included.
    public var attempts = 0
    /// The user whose login was accepted, if any.
    public var acceptedUser: String?
    /// True when the device signalled a lock; camaudit then sent nothing more.
    public var sawLock = false

    public init() {}
}
