import CamAuditCatalog
import CamAuditCore

/// Decides whether a flow's destination is local, a vendor cloud, a P2P broker, NTP, DNS or unknown, from the cloud endpoint data.
public struct DestinationClassifier: Sendable {
    private let endpoints: [CloudEndpoint]
    private let byName: [String: Int]
    private let byAppName: [String: Int]
    private let bySuffix: [String: Int]
    private let byAddress: [IPAddress: Int]
    private let byASN: [Int: Int]
    private let localPrefixes: [NetworkPrefix]

    /// Address scopes that never leave the site; shared (CGNAT) space is the ISP's side and so not local.
    static let localScopes: Set<AddressScope> = [.loopback, .privateNetwork, .linkLocal, .multicast, .unspecified]

    /// A classifier over `catalog`; `localPrefixes` adds the user's own networks (e.g. a routed public LAN) to the local ones.
    public init(catalog: CloudEndpointCatalog, localPrefixes: [NetworkPrefix] = []) {
        endpoints = catalog.endpoints
        var byName: [String: Int] = [:]
        var byAppName: [String: Int] = [:]
        var bySuffix: [String: Int] = [:]
        var byAddress: [IPAddress: Int] = [:]
        var byASN: [Int: Int] = [:]
        // First entry wins; the catalog lint already refuses a name listed twice.
        for (index, endpoint) in catalog.endpoints.enumerated() {
            for name in endpoint.names where byName[name] == nil { byName[name] = index }
            for name in endpoint.appNames where byAppName[name] == nil { byAppName[name] = index }
            for suffix in endpoint.suffixes where bySuffix[suffix] == nil { bySuffix[suffix] = index }
            for address in endpoint.addresses where byAddress[address] == nil { byAddress[address] = index }
            for asn in endpoint.asns where byASN[asn] == nil { byASN[asn] = index }
        }
        self.byName = byName
        self.byAppName = byAppName
        self.bySuffix = bySuffix
        self.byAddress = byAddress
        self.byASN = byASN
        self.localPrefixes = localPrefixes
    }

    /// Classifies one destination. `hostName` comes from DNS, TLS SNI or HTTP Host; `payload` is the first bytes the device sent.
    public func classify(
        address: IPAddress, hostName: String? = nil, port: UInt16, transport: CloudEndpoint.Transport,
        payload: some Collection<UInt8> = [UInt8]()
    ) -> DestinationClassification {
        let target = "\(address) (\(transport.rawValue.uppercased()) \(port))"
        let scope = AddressScope(of: address)
        if Self.localScopes.contains(scope) || address == .v4(0xffff_ffff) {
            let what = address == .v4(0xffff_ffff) ? "the IPv4 broadcast address" : "a \(scope.rawValue) address"
            return DestinationClassification(
                category: .local, basis: .addressScope, evidence: "\(address) is \(what), so the traffic stays on the site.")
        }
        if let prefix = localPrefixes.first(where: { $0.contains(address) }) {
            return DestinationClassification(
                category: .local, basis: .localPrefix, evidence: "\(address) is inside the local network \(prefix).")
        }
        let name = hostName.flatMap { CloudEndpoint.normalizedHostName($0) }
        if let name {
            if let index = byAppName[name] {
                var found = result(
                    endpoints[index], basis: .name,
                    evidence:
                        "\(target) was reached as \(name), a host name of \(label(endpoints[index])) that the vendor's app or portal uses, not the device."
                )
                found.side = "app"
                return found
            }
            if let index = byName[name] {
                return result(
                    endpoints[index], basis: .name,
                    evidence: "\(target) was reached as \(name), a host name listed for \(label(endpoints[index])).")
            }
            // Walking whole labels keeps `evilhik-connect.com` from matching `hik-connect.com`.
            var labels = name.split(separator: ".")[...]
            while labels.count >= 2 {
                let candidate = labels.joined(separator: ".")
                if let index = bySuffix[candidate] {
                    return result(
                        endpoints[index], basis: .suffix,
                        evidence: "\(target) was reached as \(name), under \(candidate), a domain of \(label(endpoints[index])).")
                }
                labels = labels.dropFirst()
            }
        }
        if let index = byAddress[address] {
            return result(
                endpoints[index], basis: .address,
                evidence: "\(address) is an address listed for \(label(endpoints[index])) (hard-coded addresses may be stale).")
        }
        // A payload that fits a signature beats a bare port, whatever the order of the data.
        for checkPayload in [true, false] {
            for endpoint in endpoints {
                for signature in endpoint.signatures
                where signature.checksPayload == checkPayload && !(signature.unnamedOnly && name != nil) {
                    guard signature.matches(transport: transport, port: port, payload: payload) else { continue }
                    let how =
                        checkPayload
                        ? "its first bytes (\(Self.hex(payload.prefix(8)))) fit the signature"
                        : "the port alone fits the signature (payload not checked)"
                    return result(
                        endpoint, basis: checkPayload ? .payloadSignature : .port,
                        evidence: "\(target): \(how) \"\(signature.description)\" of \(label(endpoint)).")
                }
            }
        }
        let named = name.map { " reached as \($0)" } ?? (hostName.map { " (host name \"\(Self.printable($0))\" is not a DNS name)" } ?? "")
        return DestinationClassification(
            category: .unknown, basis: .none,
            evidence: "\(target)\(named) matches no name, address or signature in the cloud endpoint data.")
    }

    /// Classifies a destination the capture gave no name by the network that announces it: when the user's ASN
    /// database puts `address` in an autonomous system an entry lists as the operator's own, the destination is that
    /// operator's, one confidence step below the entry's (a network owner says who runs the machine, not which
    /// service it offers). Nil when no entry lists the ASN, or the address is local.
    public func classify(address: IPAddress, networkOwner asn: Int, organization: String? = nil) -> DestinationClassification? {
        guard let index = byASN[asn], !Self.localScopes.contains(AddressScope(of: address)),
            !localPrefixes.contains(where: { $0.contains(address) })
        else { return nil }
        let endpoint = endpoints[index]
        let owner = organization.map { " (\(Self.printable($0)))" } ?? ""
        var found = result(
            endpoint, basis: .networkOwner,
            evidence:
                "\(address) had no DNS name or TLS/HTTP host name in the capture; by network owner AS\(asn)\(owner) from the ASN database it is \(label(endpoint)), whose own network that is."
        )
        found.confidence = endpoint.confidence.lowered
        return found
    }

    /// The CS2/PPPP broker a device sent a CS2 login (MSG_DEV_LGN) to, on any port: the `cs2-pppp` entry's
    /// service, decided by the message rather than the port. Nil when the data has no such entry.
    public func cs2Broker(address: IPAddress, port: UInt16) -> DestinationClassification? {
        guard let endpoint = endpoints.first(where: { $0.id == "cs2-pppp" }) else { return nil }
        return result(
            endpoint, basis: .payloadSignature,
            evidence:
                "\(address) (UDP \(port)): the device sent it a CS2 device login (0xF1 0x10/0x12 with a matching length), so it is a P2P server of \(label(endpoint)) on a non-standard port."
        )
    }

    private func result(_ endpoint: CloudEndpoint, basis: DestinationClassification.Basis, evidence: String) -> DestinationClassification {
        DestinationClassification(
            category: .init(endpoint.kind), basis: basis, endpointID: endpoint.id, vendor: endpoint.vendor,
            operatorName: endpoint.operatorName, service: endpoint.service, confidence: endpoint.confidence, evidence: evidence)
    }

    private func label(_ endpoint: CloudEndpoint) -> String {
        let owner = endpoint.vendor ?? endpoint.operatorName
        return "\(endpoint.service) (\(owner), \(endpoint.kind.rawValue))"
    }

    static func hex(_ bytes: some Collection<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }

    /// Captured text goes into a sentence; keep it short and free of control characters.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(64).map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
