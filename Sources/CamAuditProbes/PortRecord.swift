import CamAuditCore

/// What the probes of one port collected: observations (deduplicated), notes and the service found.
struct PortRecord: Sendable {
    let port: UInt16
    private(set) var observations: [Observation] = []
    private(set) var notes: [String] = []
    var service: String?
    var detail: String?
    private var seen: Set<String> = []

    init(port: UInt16) { self.port = port }

    /// Adds an observation unless this port already reported the same field and value.
    mutating func observe(_ field: ObservedField, _ value: String, probe: String) {
        guard !value.isEmpty, seen.insert(field.rawValue + "\u{0}" + value).inserted else { return }
        observations.append(Observation(field: field, value: value, port: port, probe: probe))
    }

    mutating func note(_ sentence: String) {
        let line = "port \(port): \(sentence)"
        if !notes.contains(line) { notes.append(line) }
    }

    func value(of field: ObservedField) -> String? {
        observations.first { $0.field == field }?.value
    }

    var portService: PortService {
        PortService(port: port, service: service ?? "unknown", detail: detail)
    }
}

extension Duration {
    /// `3 s`, `0.5 s`: short text for notes.
    var shortText: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(Double(milliseconds) / 1000) s"
    }
}
