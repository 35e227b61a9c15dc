/// What one vulnerability probe concluded on one device.
enum ProbeVerdict: Sendable, Equatable {
    /// The probe matched and the control did not; evidence says what was sent and seen.
    case vulnerable(evidence: [String])
    /// An answer that means the flaw is absent (e.g. 401 with the bypass token).
    case notVulnerable(evidence: [String])
    /// No decision: no answer, an unexpected status, or a control that answered like the probe.
    case inconclusive(reason: String)
}
