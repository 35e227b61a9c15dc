import CamAuditCore

/// Turns parsed targets into the set of addresses to visit, or a sentence saying why not: the one
/// resolver of `scan`, `sweep` and `discover`. Host names are resolved here, each address is checked
/// against the scope guard, and exclusions (resolved too, leniently) are taken out.
public enum TargetResolution {
    /// The addresses to visit, and the name each resolved address was given by.
    public struct Resolved: Sendable {
        public var addresses: TargetSet
        public var hostnames: [IPAddress: String]
    }

    public static func resolve(
        _ targets: [TargetSpecification], excluding exclusions: [TargetSpecification] = [], allowPublic: Bool, timeout: Duration
    ) async throws(TargetError) -> Resolved {
        var included: [AddressRange] = []
        var hostnames: [IPAddress: String] = [:]
        let scope = ScopeGuard(allowPublic: allowPublic)
        for target in targets {
            switch target.kind {
            case .range(let range):
                try scope.check(range)
                included.append(range)
            case .hostname(let name):
                let addresses: [IPAddress]
                do {
                    addresses = try await HostResolver.resolve(name, timeout: timeout)
                } catch {
                    throw .unresolved(name)
                }
                guard !addresses.isEmpty else { throw .unresolved(name) }
                for address in addresses {
                    let range = AddressRange(single: address)
                    do {
                        try scope.check(range)
                    } catch {
                        throw error.carried(to: name) { "it resolves to \(address), which is out of scope (\($0))" }
                    }
                    included.append(range)
                    hostnames[address] = name
                }
            }
        }
        var excluded: [AddressRange] = []
        for exclusion in exclusions {
            switch exclusion.kind {
            case .range(let range): excluded.append(range)
            case .hostname(let name):
                let addresses = (try? await HostResolver.resolve(name, timeout: timeout)) ?? []
                excluded += addresses.map { AddressRange(single: $0) }
            }
        }
        let set = TargetSet(including: included, excluding: excluded)
        guard !set.isEmpty else { throw .nothingToScan }
        return Resolved(addresses: set, hostnames: hostnames)
    }
}
