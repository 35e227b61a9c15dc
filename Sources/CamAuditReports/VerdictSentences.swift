import CamAuditCore

/// A device's ban verdicts in plain words, for the HTML and markdown reports: who made it and what showed it, then one
/// sentence per rule set with a link to the rule set's public document, e.g. "Made by Hikvision (firmware evidence: SADP,
/// ISAPI)." and "Hikvision is named in the FCC Covered List since 2021-03-12."
///
/// Every piece comes from the verdicts' `maker` and `listing` (the compliance data files): maker, evidence, list title,
/// paragraph, dates and URL. A report made before those were recorded has no sentences; its `basis` lines are printed instead.
struct VerdictSentences {
    /// A piece of a sentence: text, or text linked to a public document.
    enum Piece: Equatable {
        case text(String)
        case link(String, url: String)
    }

    typealias Sentence = [Piece]

    /// "Made by Hikvision, sold as LTS (firmware evidence: ISAPI)." or "The maker is unknown: ..."; nil without verdict facts.
    let lead: Sentence?
    /// One sentence per verdict of the device, in its order; nil for a verdict without `listing`.
    let rules: [Sentence?]

    init(_ device: DeviceReport) {
        let verdicts = device.compliance ?? []
        rules = verdicts.map(Self.sentence(for:))
        lead = Self.lead(device, verdicts)
    }

    /// True when every verdict can be said in a sentence.
    var isComplete: Bool { lead != nil && !rules.isEmpty && rules.allSatisfy { $0 != nil } }

    static func lead(_ device: DeviceReport, _ verdicts: [ComplianceVerdict]) -> Sentence? {
        if let maker = verdicts.lazy.compactMap(\.maker).first {
            let label = device.brand.flatMap { $0 == maker.name ? nil : ", sold as \($0)" } ?? ""
            let evidence: String
            switch (maker.evidence, maker.seenIn.isEmpty) {
            case (let kind?, false): evidence = " (\(kind) evidence: \(maker.seenIn.joined(separator: ", ")))"
            case (let kind?, true): evidence = " (\(kind) evidence)"
            case (nil, _): evidence = " (the report names it, without evidence)"
            }
            return [.text("Made by \(maker.name)\(label)\(evidence).")]
        }
        guard verdicts.contains(where: { $0.listing != nil }) else { return nil }
        if let brand = device.brand {
            return [
                .text("The maker is unknown: the device is labelled \(brand), a brand without a known maker, and no evidence names one.")
            ]
        }
        return [.text("The maker is unknown: no evidence names it.")]
    }

    /// "Hikvision is named in the NDAA FY2019 §889 (§889(f)(3)(B)) since 2018-08-13.", with the title linked.
    static func sentence(for verdict: ComplianceVerdict) -> Sentence? {
        guard let listing = verdict.listing else { return nil }
        let title = Piece.link(listing.title, url: listing.url ?? "")
        let maker = verdict.maker?.name ?? "The maker"
        switch verdict.status {
        case .covered:
            let provision = listing.provision.map { " (\($0))" } ?? ""
            let since = listing.since.map { " since \($0)" } ?? ""
            return [.text("\(maker) is named in the "), title, .text("\(provision)\(since).")]
        case .notCovered:
            return [.text("\(maker) is not named in the "), title, .text(" as of \(listing.asOf).")]
        case .unknown:
            return [.text("The "), title, .text(" cannot be applied until the maker is known.")]
        }
    }

    /// Only web addresses become links; anything else in a hand-edited report stays text.
    static func isWebAddress(_ url: String) -> Bool {
        let lower = url.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && !url.contains(where: { $0.isWhitespace })
    }
}
