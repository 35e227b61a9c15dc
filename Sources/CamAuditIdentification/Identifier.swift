import CamAuditCatalog
import CamAuditCore

/// Turns everything probes observed about one host into an `Identity` by fusing catalog evidence.
public struct Identifier: Sendable {
    /// Longest observation value copied into an `Evidence` (the match itself saw up to the catalog's bound).
    static let evidenceValueLimit = 512
    /// The weight from which an `unknown` device-type claim overrides every other type claim.
    static let unknownVetoWeight = 0.5

    public let catalog: FingerprintCatalog

    public init(catalog: FingerprintCatalog) {
        self.catalog = catalog
    }

    /// Fuses all matches into one identity; pure and deterministic for a given set of observations.
    public func identify(_ observations: [Observation]) -> Identity {
        var evidence = Self.withoutUncorroboratedClaims(collectEvidence(observations), rules: catalog.deviceTypeRules)
        var conflicts: [Conflict] = []

        // Manufacturer: only firmware-level claims name a manufacturer directly.
        var manufacturers = AttributeTally()
        var brands = AttributeTally()
        for item in evidence {
            if let value = item.claims[FingerprintAttribute.manufacturer.rawValue] {
                manufacturers.add(value, weight: item.weight, fingerprint: item.fingerprint)
            }
            if let value = item.claims[FingerprintAttribute.brand.rawValue] {
                brands.add(value, weight: item.weight, fingerprint: item.fingerprint)
            }
        }

        // A brand implies its OEM's manufacturer at reduced confidence; it never overrides a direct claim.
        let hasDirectManufacturer = !manufacturers.isEmpty
        var rejectedInferences: [String] = []
        for (brand, brandWeight) in brands.ranked {
            guard let oem = catalog.oemBrand(named: brand) else { continue }
            let weight = brandWeight * oem.confidence
            let inferred = Evidence(
                fingerprint: "oem-brands.\(oem.brand)", field: ObservedField(rawValue: "oem-brands"),
                value: "\(oem.brand) devices are made by \(oem.manufacturer): \(oem.relationship)", port: nil,
                probe: "inferred from brand \(oem.brand) (\(oem.source))",
                claims: [FingerprintAttribute.manufacturer.rawValue: oem.manufacturer, "inferredFromBrand": oem.brand], weight: weight
            )
            evidence.append(inferred)
            if !hasDirectManufacturer || manufacturers.values.contains(oem.manufacturer) {
                manufacturers.add(oem.manufacturer, weight: weight, fingerprint: inferred.fingerprint)
            } else {
                rejectedInferences.append(oem.manufacturer)
            }
        }

        let rankedManufacturers = manufacturers.ranked
        let manufacturer = rankedManufacturers.first
        let rejectedManufacturers = Set(rankedManufacturers.dropFirst().map(\.value) + rejectedInferences).subtracting(
            [manufacturer?.value].compactMap { $0 })
        if let manufacturer, !rejectedManufacturers.isEmpty {
            conflicts.append(Conflict(attribute: "manufacturer", chosen: manufacturer.value, rejected: rejectedManufacturers.sorted()))
        }

        let rankedBrands = brands.ranked
        var brand = rankedBrands.first?.value
        if let chosen = brand, rankedBrands.count > 1 {
            conflicts.append(Conflict(attribute: "brand", chosen: chosen, rejected: rankedBrands.dropFirst().map(\.value).sorted()))
        }
        if brand == manufacturer?.value { brand = nil }

        let model = chooseDetail(.model, from: evidence, manufacturer: manufacturer?.value, conflicts: &conflicts)
        let firmware = chooseDetail(.firmware, from: evidence, manufacturer: manufacturer?.value, conflicts: &conflicts)
        let serial = chooseDetail(.serial, from: evidence, manufacturer: manufacturer?.value, conflicts: &conflicts)
        let mac = chooseDetail(.mac, from: evidence, manufacturer: manufacturer?.value, conflicts: &conflicts)

        let decision = decideDeviceType(evidence: evidence, model: model, manufacturer: manufacturer?.value)
        if let rejected = decision.rejected, !rejected.isEmpty {
            conflicts.append(Conflict(attribute: "deviceType", chosen: decision.type.rawValue, rejected: rejected))
        }
        if let family = decision.family { evidence.append(family) }

        let confidence = manufacturer?.fused ?? decision.confidence
        return Identity(
            manufacturer: manufacturer?.value, brand: brand, model: model, firmware: firmware, serial: serial, mac: mac,
            deviceType: decision.type,
            confidence: (confidence * 1000).rounded() / 1000,
            evidence: evidence.sorted(by: Self.evidenceOrder), conflicts: conflicts
        )
    }

    /// The device type and how it was reached.
    struct TypeDecision {
        var type: DeviceType
        var confidence: Double
        /// The other types claimed, for `conflicts[]` (nil or empty when all agreed).
        var rejected: [String]?
        /// The model-family evidence that decided, added to the identity's evidence.
        var family: Evidence?
    }

    /// Device type by rank, then strength. Each claim counts at its field's rank (data/device-types.json):
    /// the firmware's own answer outranks a banner or certificate, which outranks a MAC block; ports never
    /// decide. The model's family claims at the rank of the evidence that gave the model, and beats every
    /// other claim of that rank: a `DS-2CD` model read over SADP makes a camera whatever certificate it shows.
    /// An `unknown` claim of weight >= `unknownVetoWeight` (a host that answers everything) vetoes all.
    func decideDeviceType(evidence: [Evidence], model: String?, manufacturer: String?) -> TypeDecision {
        let rules = catalog.deviceTypeRules
        struct Claim { var type: DeviceType; var rank: Double; var weight: Double }
        var claims: [Claim] = []
        for item in evidence {
            guard let raw = item.claims[FingerprintAttribute.deviceType.rawValue], let type = DeviceType(rawValue: raw) else { continue }
            if type == .unknown {
                // A weak `unknown` (GoAhead, Boa) only means "cannot tell"; a strong one means "answers everything".
                guard item.weight >= Identifier.unknownVetoWeight else { continue }
                let others = Set(evidence.compactMap { $0.claims[FingerprintAttribute.deviceType.rawValue] }).subtracting([
                    DeviceType.unknown.rawValue
                ])
                return TypeDecision(type: .unknown, confidence: item.weight, rejected: others.sorted())
            }
            claims.append(
                Claim(
                    type: type, rank: Double(rules.typeRank(ofFingerprint: item.fingerprint, field: item.field.rawValue)),
                    weight: item.weight))
        }
        var familyEvidence: Evidence?
        if let model, let family = rules.family(forModel: model, manufacturer: manufacturer) {
            let witnesses = evidence.filter { $0.claims[FingerprintAttribute.model.rawValue] == model }
            let modelRank = witnesses.map { rules.rank(ofField: $0.field.rawValue) }.max() ?? DeviceTypeRules.unlistedRank
            let weight = witnesses.map(\.weight).max() ?? 0.5
            claims.append(Claim(type: family.deviceType, rank: Double(modelRank) + 0.5, weight: weight))
            familyEvidence = Evidence(
                fingerprint: "device-types.\(family.id)", field: ObservedField(rawValue: "device-types"), value: model, port: nil,
                probe: "model \(model) is in the \(family.manufacturer) family \(family.pattern) (\(family.source))",
                claims: [FingerprintAttribute.deviceType.rawValue: family.deviceType.rawValue], weight: weight)
        }
        guard
            let best = claims.max(by: { lhs, rhs in
                if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
                if lhs.weight != rhs.weight { return lhs.weight < rhs.weight }
                return lhs.type > rhs.type
            })
        else {
            let fallback = manufacturer.flatMap { catalog.vocabulary.defaultDeviceType(forManufacturer: $0) } ?? .unknown
            return TypeDecision(type: fallback, confidence: 0, rejected: nil)
        }
        // Noisy-OR of the claims that agree with the decision, as for every other attribute.
        let confidence = 1 - claims.filter { $0.type == best.type }.reduce(1.0) { $0 * (1 - min(max($1.weight, 0), 1)) }
        let rejected = Set(claims.map(\.type.rawValue)).subtracting([best.type.rawValue]).sorted()
        let familyAgrees = familyEvidence?.claims[FingerprintAttribute.deviceType.rawValue] == best.type.rawValue
        return TypeDecision(type: best.type, confidence: confidence, rejected: rejected, family: familyAgrees ? familyEvidence : nil)
    }

    /// Drops claims from corroboration-only fields (open ports) whose value no stronger evidence claims:
    /// an open 37777 adds weight to a Dahua named by its web page, and names no one by itself.
    static func withoutUncorroboratedClaims(_ evidence: [Evidence], rules: DeviceTypeRules) -> [Evidence] {
        func isWeak(_ item: Evidence) -> Bool { rules.rank(ofField: item.field.rawValue) <= DeviceTypeRules.corroborationOnlyRank }
        var claimed: [String: Set<String>] = [:]
        for item in evidence where !isWeak(item) {
            for (attribute, value) in item.claims { claimed[attribute, default: []].insert(value) }
        }
        return evidence.compactMap { item in
            guard isWeak(item) else { return item }
            var kept = item
            kept.claims = item.claims.filter { claimed[$0.key]?.contains($0.value) ?? false }
            return kept.claims.isEmpty ? nil : kept
        }
    }

    /// Every catalog match of every observation, once per fingerprint, port and value. A web port that
    /// answers a random path with its root page answers everything: its pages and headers are skipped.
    private func collectEvidence(_ observations: [Observation]) -> [Evidence] {
        var seen: Set<String> = []
        var evidence: [Evidence] = []
        let catchAllPorts = Set(
            observations.filter { $0.field.rawValue == "http.status" && $0.value == CatchAllAnswer.webPageForAnyPath }.map(\.port))
        for observation in observations {
            if catchAllPorts.contains(observation.port), observation.field.rawValue.hasPrefix("http.") { continue }
            for match in catalog.matches(field: observation.field, value: observation.value) {
                let value = String(observation.value.prefix(Self.evidenceValueLimit))
                let key = "\(match.fingerprint.id)\u{0}\(observation.port.map(String.init) ?? "")\u{0}\(value)"
                guard seen.insert(key).inserted else { continue }
                var claims = match.attributes
                if let mac = claims[FingerprintAttribute.mac.rawValue] {
                    claims[FingerprintAttribute.mac.rawValue] = Self.normalisedMAC(mac)
                }
                evidence.append(
                    Evidence(
                        fingerprint: match.fingerprint.id, field: observation.field, value: value, port: observation.port,
                        probe: observation.probe, claims: claims, weight: match.fingerprint.weight
                    ))
            }
        }
        return evidence
    }

    /// Model or firmware: the value of the strongest single witness, preferring witnesses that
    /// agree with (or say nothing about) the chosen manufacturer.
    private func chooseDetail(
        _ attribute: FingerprintAttribute, from evidence: [Evidence], manufacturer: String?, conflicts: inout [Conflict]
    ) -> String? {
        let claiming = evidence.filter { $0.claims[attribute.rawValue] != nil }
        let consistent = claiming.filter { item in
            guard let manufacturer, let claimed = item.claims[FingerprintAttribute.manufacturer.rawValue] else { return true }
            return claimed == manufacturer
        }
        var tally = AttributeTally()
        for item in consistent.isEmpty ? claiming : consistent {
            if let value = item.claims[attribute.rawValue] { tally.add(value, weight: item.weight, fingerprint: item.fingerprint) }
        }
        let ranked = tally.rankedByStrongest
        guard let best = ranked.first else { return nil }
        let rejected = Set(claiming.compactMap { $0.claims[attribute.rawValue] }).subtracting([best.value])
        if !rejected.isEmpty {
            conflicts.append(Conflict(attribute: attribute.rawValue, chosen: best.value, rejected: rejected.sorted()))
        }
        return best.value
    }

    /// `AC-CC-8E-5A-3B-2F`, `accc8e5a3b2f` and `ac:cc:8e:5a:3b:2f` are one address: written the last way.
    static func normalisedMAC(_ text: String) -> String {
        let digits = text.lowercased().filter(\.isHexDigit)
        guard digits.count == 12 else { return text }
        return stride(from: 0, to: 12, by: 2).map { offset in
            let start = digits.index(digits.startIndex, offsetBy: offset)
            return String(digits[start..<digits.index(start, offsetBy: 2)])
        }.joined(separator: ":")
    }

    /// Strongest evidence first; ties in a fixed order so reports are stable.
    private static func evidenceOrder(_ lhs: Evidence, _ rhs: Evidence) -> Bool {
        if lhs.weight != rhs.weight { return lhs.weight > rhs.weight }
        if lhs.fingerprint != rhs.fingerprint { return lhs.fingerprint < rhs.fingerprint }
        if lhs.port != rhs.port { return (lhs.port ?? 0) < (rhs.port ?? 0) }
        if lhs.probe != rhs.probe { return lhs.probe < rhs.probe }
        return lhs.value < rhs.value
    }
}
