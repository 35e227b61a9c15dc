/// A fingerprint that matched a value, with the attributes it extracted.
public struct FingerprintMatch: Sendable {
    public let fingerprint: Fingerprint
    public let attributes: [String: String]

    public init(fingerprint: Fingerprint, attributes: [String: String]) {
        self.fingerprint = fingerprint
        self.attributes = attributes
    }
}
