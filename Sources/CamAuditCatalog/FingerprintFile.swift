import CamAuditCore

/// One data file: every fingerprint for one observed field, in the order they are tried.
public struct FingerprintFile: Sendable {
    public let path: String
    public let field: ObservedField
    public let description: String
    public let fingerprints: [Fingerprint]

    public init(path: String, field: ObservedField, description: String, fingerprints: [Fingerprint]) {
        self.path = path
        self.field = field
        self.description = description
        self.fingerprints = fingerprints
    }
}
