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
        var evidence = collectEvidence(observations)
        var conflicts: [Conflict] = []

        // Manufacturer: only firmware-level claims name a manufacturer directly.
        var manufacturers = AttributeTally()
        var brands = AttributeTally()
        for item in evidence {
            if let value = item.claims[FingerprintAttribute.manufacturer.rawValue] { manufacturers.add(value, weight: item.weight, fingerprint: item.fingerprint) }
            if let value = item.claims[FingerprintAttribute.brand.rawValue] { brands.add(value, weight: item.weight, fingerprint: item.fingerprint) }
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
        let rejectedManufacturers = Set(rankedManufacturers.dropFirst().map(\.value) + rejectedInferences).subtracting([manufacturer?.value].compactMap { $0 })
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

        // Device type: the single strongest type witness, so one specific marker (a DVR's own title)
        // beats any pile of generic cues (an ONVIF service, an RTSP server); an `unknown` claim is a
        // veto from evidence that the host answers everything. A known maker's default when none;
        // never a guess from generic servers.
        var types = AttributeTally()
        for item in evidence {
            guard let raw = item.claims[FingerprintAttribute.deviceType.rawValue], let type = DeviceType(rawValue: raw) else { continue }
            // A weak `unknown` (GoAhead, Boa) only means "cannot tell"; a strong one means "answers everything".
            if type == .unknown, item.weight < Identifier.unknownVetoWeight { continue }
            types.add(type.rawValue, weight: item.weight, fingerprint: item.fingerprint)
        }
        let rankedTypes = types.rankedByStrongest
        var deviceType = DeviceType.unknown
        var typeConfidence = 0.0
        if let best = rankedTypes.first, let type = DeviceType(rawValue: best.value) {
            deviceType = type
            typeConfidence = best.fused
            if rankedTypes.count > 1 {
                conflicts.append(Conflict(attribute: "deviceType", chosen: best.value, rejected: rankedTypes.dropFirst().map(\.value).sorted()))
            }
        } else if let manufacturer, let fallback = catalog.vocabulary.defaultDeviceType(forManufacturer: manufacturer.value) {
            deviceType = fallback
        }

        let confidence = manufacturer?.fused ?? typeConfidence
        return Identity(
            manufacturer: manufacturer?.value, brand: brand, model: model, firmware: firmware, serial: serial, mac: mac,
            deviceType: deviceType,
            confidence: (confidence * 1000).rounded() / 1000,
            evidence: evidence.sorted(by: Self.evidenceOrder), conflicts: conflicts
        )
    }

    /// Every catalog match of every observation, once per fingerprint, port and value.
    private func collectEvidence(_ observations: [Observation]) -> [Evidence] {
        var seen: Set<String> = []
        var evidence: [Evidence] = []
        for observation in observations {
            for match in catalog.matches(field: observation.field, value: observation.value) {
                let value = String(observation.value.prefix(Self.evidenceValueLimit))
                let key = "\(match.fingerprint.id)\u{0}\(observation.port.map(String.init) ?? "")\u{0}\(value)"
                guard seen.insert(key).inserted else { continue }
                var claims = match.attributes
                if let mac = claims[FingerprintAttribute.mac.rawValue] { claims[FingerprintAttribute.mac.rawValue] = Self.normalisedMAC(mac) }
                evidence.append(Evidence(
                    fingerprint: match.fingerprint.id, field: observation.field, value: value, port: observation.port,
                    probe: observation.probe, claims: claims, weight: match.fingerprint.weight
                ))
            }
        }
        return evidence
    }

    /// Model or firmware: the value of the strongest single witness, preferring witnesses that
    /// agree with (or say nothing about) the chosen manufacturer.
    private func chooseDetail(_ attribute: FingerprintAttribute, from evidence: [Evidence], manufacturer: String?, conflicts: inout [Conflict]) -> String? {
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
