/// Evidence weights for one attribute, grouped by claimed value and fused with noisy-OR.
///
/// Noisy-OR (1 - Π(1 - w)) treats each fingerprint as an independent witness: two weak
/// agreeing witnesses beat one, and no amount of agreement reaches certainty.
struct AttributeTally {
    /// Per value, the strongest weight each fingerprint gave it (one fingerprint counts once).
    private var weights: [String: [String: Double]] = [:]

    mutating func add(_ value: String, weight: Double, fingerprint: String) {
        let clamped = min(max(weight, 0), 1)
        weights[value, default: [:]][fingerprint] = max(weights[value]?[fingerprint] ?? 0, clamped)
    }

    var isEmpty: Bool { weights.isEmpty }
    var values: [String] { weights.keys.sorted() }

    func fused(_ value: String) -> Double {
        1 - (weights[value] ?? [:]).values.reduce(1) { $0 * (1 - $1) }
    }

    func strongest(_ value: String) -> Double {
        (weights[value] ?? [:]).values.max() ?? 0
    }

    /// Values best first: by fused weight, then the strongest single witness, then name (for determinism).
    var ranked: [(value: String, fused: Double)] {
        weights.keys.map { ($0, fused($0)) }.sorted { lhs, rhs in
            if lhs.1 != rhs.1 { return lhs.1 > rhs.1 }
            let lhsStrongest = strongest(lhs.0), rhsStrongest = strongest(rhs.0)
            if lhsStrongest != rhsStrongest { return lhsStrongest > rhsStrongest }
            return lhs.0 < rhs.0
        }
    }

    /// Values best first by their single strongest witness (for model and firmware, where one
    /// authoritative source such as ONVIF beats several weaker hints).
    var rankedByStrongest: [(value: String, fused: Double)] {
        weights.keys.map { ($0, fused($0)) }.sorted { lhs, rhs in
            let lhsStrongest = strongest(lhs.0), rhsStrongest = strongest(rhs.0)
            if lhsStrongest != rhsStrongest { return lhsStrongest > rhsStrongest }
            if lhs.1 != rhs.1 { return lhs.1 > rhs.1 }
            return lhs.0 < rhs.0
        }
    }
}
