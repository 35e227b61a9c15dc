/// The addresses a scan visits: the union of the targets minus the exclusions, each address once,
/// in ascending order. Stored as disjoint intervals, so a /8 costs a few bytes, not 16 M entries.
public struct TargetSet: Sendable, Sequence {
    private var v4: [ClosedRange<UInt32>] = []
    private var v6: [(high: UInt64, low: ClosedRange<UInt64>)] = []

    public init(including ranges: [AddressRange], excluding exclusions: [AddressRange] = []) {
        var v4Raw: [ClosedRange<UInt32>] = []
        var v6Raw: [(UInt64, ClosedRange<UInt64>)] = []
        for range in ranges {
            switch (range.lower, range.upper) {
            case (.v4(let a), .v4(let b)): v4Raw.append(a...b)
            case (.v6(let h, let a), .v6(_, let b)): v6Raw.append((h, a...b))
            default: continue
            }
        }
        var v4Cut: [ClosedRange<UInt32>] = []
        var v6Cut: [(UInt64, ClosedRange<UInt64>)] = []
        for range in exclusions {
            switch (range.lower, range.upper) {
            case (.v4(let a), .v4(let b)): v4Cut.append(a...b)
            case (.v6(let h, let a), .v6(_, let b)): v6Cut.append((h, a...b))
            default: continue
            }
        }
        v4 = TargetSet.subtract(TargetSet.merge(v4Raw), TargetSet.merge(v4Cut))
        let highs = Set(v6Raw.map(\.0)).sorted()
        for high in highs {
            let kept = TargetSet.subtract(
                TargetSet.merge(v6Raw.filter { $0.0 == high }.map(\.1)),
                TargetSet.merge(v6Cut.filter { $0.0 == high }.map(\.1)))
            v6 += kept.map { (high, $0) }
        }
    }

    /// How many addresses the set holds.
    public var count: UInt64 {
        v4.reduce(0) { $0 + UInt64($1.upperBound - $1.lowerBound) + 1 }
            + v6.reduce(0) { $0 + ($1.low.upperBound - $1.low.lowerBound) + 1 }
    }

    public var isEmpty: Bool { v4.isEmpty && v6.isEmpty }

    /// The intervals, for a scope check that need not visit every address.
    public var ranges: [AddressRange] {
        v4.map { try! AddressRange(from: .v4($0.lowerBound), to: .v4($0.upperBound)) }
            + v6.map { try! AddressRange(from: .v6(high: $0.high, low: $0.low.lowerBound), to: .v6(high: $0.high, low: $0.low.upperBound)) }
    }

    public func contains(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let value): return v4.contains { $0.contains(value) }
        case .v6(let high, let low): return v6.contains { $0.high == high && $0.low.contains(low) }
        }
    }

    public func makeIterator() -> Iterator { Iterator(set: self) }

    public struct Iterator: IteratorProtocol {
        let set: TargetSet
        var index = 0
        var next4: UInt64?
        var next6: UInt64?

        init(set: TargetSet) { self.set = set }

        public mutating func next() -> IPAddress? {
            while index < set.v4.count {
                let range = set.v4[index]
                let value = next4 ?? UInt64(range.lowerBound)
                if value <= UInt64(range.upperBound) {
                    next4 = value + 1
                    return .v4(UInt32(value))
                }
                index += 1
                next4 = nil
            }
            let v6Index = index - set.v4.count
            if v6Index < set.v6.count {
                let entry = set.v6[v6Index]
                let value = next6 ?? entry.low.lowerBound
                if value <= entry.low.upperBound, next6 != .max {
                    next6 = value == .max ? .max : value + 1
                    return .v6(high: entry.high, low: value)
                }
                index += 1
                next6 = nil
                return next()
            }
            return nil
        }
    }

    static func merge<T: FixedWidthInteger>(_ ranges: [ClosedRange<T>]) -> [ClosedRange<T>] {
        var result: [ClosedRange<T>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, last.upperBound == .max || range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...Swift.max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    static func subtract<T: FixedWidthInteger>(_ ranges: [ClosedRange<T>], _ cuts: [ClosedRange<T>]) -> [ClosedRange<T>] {
        var result: [ClosedRange<T>] = []
        for range in ranges {
            var pieces = [range]
            for cut in cuts {
                pieces = pieces.flatMap { piece -> [ClosedRange<T>] in
                    guard cut.overlaps(piece) else { return [piece] }
                    var left: [ClosedRange<T>] = []
                    if cut.lowerBound > piece.lowerBound { left.append(piece.lowerBound...(cut.lowerBound - 1)) }
                    if cut.upperBound < piece.upperBound { left.append((cut.upperBound + 1)...piece.upperBound) }
                    return left
                }
            }
            result += pieces
        }
        return result
    }
}
