/// Refuses targets that camaudit must not touch unless the user says so.
///
/// Globally routable addresses are refused by default: scanning someone else's network is
/// illegal in most places, and an auditor who means it allows public targets (`allowPublic`).
public struct ScopeGuard: Sendable {
    public var allowPublic: Bool

    public init(allowPublic: Bool = false) {
        self.allowPublic = allowPublic
    }

    /// Checks every interval of a target set without visiting each address.
    public func check(_ targets: TargetSet) throws(TargetError) {
        for range in targets.ranges {
            try check(range)
        }
    }

    public func check(_ range: AddressRange) throws(TargetError) {
        for address in [range.lower, range.upper] {
            let scope = AddressScope(of: address)
            switch scope {
            case .global where !allowPublic:
                throw .publicAddress(
                    range.description, "\(address) is a public (globally routable) address; camaudit audits only networks you own")
            case .multicast, .unspecified:
                throw .outOfScope(range.description, "\(address) is a \(scope.rawValue) address, which cannot be a device")
            default:
                continue
            }
        }
        // A range whose ends are both private can still cross a public block (10.255.255.255-11.0.0.1). // data: an example, not a target
        if !allowPublic, range.lower.isIPv4, AddressScope(of: range.lower) != AddressScope(of: range.upper) {
            throw .publicAddress(
                range.description,
                "the range crosses from \(AddressScope(of: range.lower).rawValue) into \(AddressScope(of: range.upper).rawValue) space; split it"
            )
        }
    }
}
