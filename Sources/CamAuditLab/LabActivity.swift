/// What one emulated device saw: login attempts, locks, and requests to the routes it records.
///
/// Tests read it to prove a scan stayed safe: no lock was triggered, no intrusive route was reached
/// in a default run, and each vulnerable endpoint was asked no more often than needed.
public struct LabActivity: Sendable, Hashable {
    /// Requests that carried credentials (HTTP Authorization, RTSP Authorization, Dahua RPC2 step 2, ONVIF token).
    public var loginAttempts: Int = 0
    /// Login attempts the device refused.
    public var refusedLogins: Int = 0
    /// Times a client crossed the lockout threshold and was locked.
    public var lockouts: Int = 0
    /// Requests to routes that carry a `record` tag, counted per tag.
    public var recorded: [String: Int] = [:]

    public init() {}

    /// Requests recorded under tags that start with `intrusive:`.
    public var intrusiveRequests: Int {
        recorded.filter { $0.key.hasPrefix("intrusive:") }.values.reduce(0, +)
    }

    /// Adds another device's activity to this one.
    public mutating func add(_ other: LabActivity) {
        loginAttempts += other.loginAttempts
        refusedLogins += other.refusedLogins
        lockouts += other.lockouts
        recorded.merge(other.recorded, uniquingKeysWith: +)
    }
}
