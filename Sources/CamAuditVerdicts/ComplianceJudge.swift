import CamAuditCatalog
import CamAuditCore
import Foundation

/// Decides, per device and rule set, whether the device's maker is covered, how sure that is, and why.
public struct ComplianceJudge: Sendable {
    public let catalog: ComplianceCatalog

    public init(catalog: ComplianceCatalog) {
        self.catalog = catalog
    }

    /// One verdict per rule set of the catalog, in the catalog's order.
    public func verdicts(for device: DeviceReport) -> [ComplianceVerdict] {
        catalog.ruleSets.map { verdict(for: device, under: $0) }
    }

    /// The verdict of one rule set on one device.
    public func verdict(for device: DeviceReport, under ruleSet: ComplianceRuleSet) -> ComplianceVerdict {
        var listing = ComplianceVerdict.Listing(title: ruleSet.title, url: ruleSet.url, asOf: ruleSet.asOf)
        guard let maker = maker(of: device) else {
            let label = device.brand.map { "it is labelled \($0), a brand without a known maker relation, and " } ?? ""
            return ComplianceVerdict(
                ruleSet: ruleSet.id, status: .unknown, confidence: 0,
                basis: [
                    "No evidence names the maker: \(label)no fingerprint claimed a manufacturer, so \(ruleSet.title) cannot be applied.",
                    "Identify the device (an authenticated scan, the label on the housing or the purchase record) to decide.",
                ], rule: ruleSet.summary, listing: listing)
        }
        var witnesses = self.witnesses(of: maker, on: device)
        if !ruleSet.coversOEMLabels { witnesses.removeAll { $0.relation != nil } }
        var basis: [String] = []
        let confidence: Double
        let makerFacts: ComplianceVerdict.Maker
        if let best = witnesses.max(by: { $0.confidence < $1.confidence }) {
            confidence = best.confidence
            makerFacts = Self.makerFacts(maker, best: best, among: witnesses)
            if let relation = best.relation {
                basis.append(
                    "The device is labelled \(relation.brand); \(relation.brand) devices are made by \(relation.manufacturer): \(relation.relationship) (OEM relation confidence \(Self.text(relation.confidence)); source: \(relation.source))."
                )
                if let note = ruleSet.coversOEMLabelsSource {
                    basis.append("\(ruleSet.title) counts relabelled devices as their maker's: \(note).")
                }
            }
            basis.append(best.sentence)
            let others = witnesses.filter { $0 != best && $0.relation == nil }.prefix(3)
            if !others.isEmpty { basis.append("Also seen: " + others.map(\.short).joined(separator: "; ") + ".") }
        } else {
            // A hand-written or older report may name a maker without the evidence behind it.
            confidence = min(device.confidence, catalog.makerEvidence.otherConfidence)
            makerFacts = ComplianceVerdict.Maker(name: maker, evidence: nil, seenIn: [])
            basis.append("The report names \(maker) as the maker but records no evidence for it (\(catalog.makerEvidence.otherSource)).")
        }
        let status: ComplianceStatus
        if let entity = ruleSet.entity(coveringManufacturer: maker) {
            status = .covered
            listing.entity = entity.entity
            listing.provision = entity.provision
            listing.since = entity.dateAdded
            let provision = entity.provision.map { " in \($0)" } ?? ""
            basis.insert(
                "Maker \(maker) is covered: \(ruleSet.title) names \(entity.entity)\(provision) for \(Self.lowercasedFirst(entity.equipment)), since \(entity.dateAdded) (source: \(entity.source)).",
                at: 0)
            if let scope = entity.scope { basis.insert("The coverage applies \(scope).", at: 1) }
        } else {
            status = .notCovered
            basis.insert("Maker \(maker) is not named by \(ruleSet.title) as of \(ruleSet.asOf).", at: 0)
        }
        for conflict in device.conflicts where conflict.attribute == "manufacturer" {
            let coveredRejected = conflict.rejected.filter { ruleSet.entity(coveringManufacturer: $0) != nil }
            basis.append(
                "Weaker evidence named \(conflict.rejected.joined(separator: ", ")) instead"
                    + (coveredRejected.isEmpty ? "." : ", which \(ruleSet.title) covers: check the device by hand."))
        }
        return ComplianceVerdict(
            ruleSet: ruleSet.id, status: status, confidence: (confidence * 1000).rounded() / 1000, basis: basis,
            rule: ruleSet.summary, maker: makerFacts, listing: listing)
    }

    /// The best witness's kind of evidence, and every protocol in which evidence of that kind named the maker, strongest first.
    static func makerFacts(_ maker: String, best: Witness, among witnesses: [Witness]) -> ComplianceVerdict.Maker {
        let same = witnesses.filter { $0.kind == best.kind && ($0.relation == nil) == (best.relation == nil) }
            .sorted { $0.confidence > $1.confidence }
        var seen: Set<String> = []
        let protocols = same.flatMap(\.protocols).filter { seen.insert($0).inserted }
        return ComplianceVerdict.Maker(name: maker, evidence: best.kind, seenIn: protocols)
    }

    /// The canonical maker: the identified manufacturer, or the maker of a brand with an OEM relation.
    func maker(of device: DeviceReport) -> String? {
        if let manufacturer = device.manufacturer, !manufacturer.isEmpty { return manufacturer }
        return device.brand.flatMap { catalog.oemBrand(named: $0)?.manufacturer }
    }

    /// One piece of evidence for the maker and what it is worth under `maker-evidence.json`.
    struct Witness: Hashable {
        let confidence: Double
        var sentence: String
        var short: String
        var relation: OEMBrand?
        /// The kind of evidence (`firmware`, ... from maker-evidence.json, or `brand label`); nil for a field whose kind is not listed.
        var kind: String?
        /// Where it was read (`ISAPI`), for the report's sentence.
        var protocols: [String]
    }

    /// The kind of a witness that is a brand label with an OEM relation.
    static let labelKind = "brand label"

    /// Every piece of evidence naming the maker, directly or through a brand's OEM relation.
    func witnesses(of maker: String, on device: DeviceReport) -> [Witness] {
        let strengths = catalog.makerEvidence
        var result: [Witness] = []
        var relationsSeen: Set<String> = []
        for item in device.evidence where item.claims["manufacturer"] == maker && item.claims["inferredFromBrand"] == nil {
            let kind = strengths.kind(ofField: item.field.rawValue)
            // A fingerprint's own weight can only lower what its kind of evidence is worth.
            let confidence = min(kind?.confidence ?? strengths.otherConfidence, item.weight)
            let what = kind.map { "\($0.kind) evidence (\($0.description))" } ?? "evidence of a field whose strength is not listed"
            result.append(
                Witness(
                    confidence: confidence,
                    sentence:
                        "Identified as \(maker) from \(what): \(Self.describe(item)); confidence \(Self.text(confidence)), the fingerprint weight \(Self.text(item.weight)) capped at \(Self.text(kind?.confidence ?? strengths.otherConfidence)) (\(kind?.source ?? strengths.otherSource)).",
                    short: Self.describe(item), relation: nil, kind: kind?.kind, protocols: [item.field.protocolName]))
        }
        // A brand label: from evidence, from the OEM inference the identifier recorded, or from the report's brand field.
        var brands = Set(device.evidence.compactMap { $0.claims["inferredFromBrand"] })
        if let brand = device.brand { brands.insert(brand) }
        for brand in brands.sorted() {
            guard let relation = catalog.oemBrand(named: brand), relation.manufacturer == maker, relationsSeen.insert(brand).inserted else {
                continue
            }
            let labelWitnesses = device.evidence.filter { $0.claims["brand"] == brand }
            let labelStrengths = labelWitnesses.map {
                min(strengths.kind(ofField: $0.field.rawValue)?.confidence ?? strengths.otherConfidence, $0.weight)
            }
            let labelBest = labelStrengths.max() ?? strengths.otherConfidence
            let confidence = min(labelBest, strengths.labelConfidence * relation.confidence)
            let seen =
                labelWitnesses.isEmpty ? "the report's brand field" : labelWitnesses.prefix(3).map(Self.describe).joined(separator: "; ")
            result.append(
                Witness(
                    confidence: confidence,
                    sentence:
                        "The label \(brand) was seen in \(seen); a label through an OEM relation is worth \(Self.text(strengths.labelConfidence)) x \(Self.text(relation.confidence)), capped by the evidence that saw it: confidence \(Self.text(confidence)) (\(strengths.labelSource)).",
                    short: "label \(brand)", relation: relation, kind: Self.labelKind, protocols: labelWitnesses.map(\.field.protocolName)))
        }
        return result
    }

    /// `sadp.device_description = "DS-2CD2042WD-I" (fingerprint hikvision.sadp..., probe sadp, port 37020)`.
    static func describe(_ item: Evidence) -> String {
        let value = item.value.count > 80 ? String(item.value.prefix(77)) + "..." : item.value
        let port = item.port.map { ", port \($0)" } ?? ""
        return "\(item.field.rawValue) \"\(value)\" (fingerprint \(item.fingerprint), probe \(item.probe)\(port))"
    }

    static func text(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}
