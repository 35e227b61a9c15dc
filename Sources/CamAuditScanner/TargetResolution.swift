import CamAuditCore
import CamAuditDiscovery

/// Turns what the user typed into the set of addresses to scan, or a sentence saying why not.
public enum TargetResolution {
    public static func resolve(
        targets: [String], exclusions: [String], allowPublic: Bool, timeout: Duration
    ) async throws(TargetError) -> (set: TargetSet, hostnames: [IPAddress: String]) {
        var included: [AddressRange] = []
        var hostnames: [IPAddress: String] = [:]
        let scope = ScopeGuard(allowPublic: allowPublic)
        for text in targets {
            switch try TargetSpecification(parsing: text) {
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
                        throw .outOfScope(name, "it resolves to \(address), which is out of scope (\(error.description))")
                    }
                    included.append(range)
                    hostnames[address] = name
                }
            }
        }
        var excluded: [AddressRange] = []
        for text in exclusions {
            switch try TargetSpecification(parsing: text) {
            case .range(let range): excluded.append(range)
            case .hostname(let name):
                let addresses = (try? await HostResolver.resolve(name, timeout: timeout)) ?? []
                excluded += addresses.map { AddressRange(single: $0) }
            }
        }
        let set = TargetSet(including: included, excluding: excluded)
        guard !set.isEmpty else { throw .nothingToScan }
        return (set, hostnames)
    }
}
