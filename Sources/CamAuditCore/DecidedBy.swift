/// How a finding was decided, written in the JSON as one string (`version`, `version+safe-probe`, `traffic capture lab.pcap`).
///
/// Unlike the other word lists this one stays open: the schema gives it as free text, a traffic finding carries the
/// capture's name, and the words are only printed, never acted on. A saved or hand-written report with another word
/// keeps it as `.other` and prints it unchanged.
public enum DecidedBy: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The firmware version is in the vulnerability's affected range.
    case version
    /// The model is one the vulnerability names (no version range).
    case model
    /// A login with a default or blank password was accepted.
    case login
    /// A read-only probe answered as a vulnerable or open device does.
    case safeProbe
    /// An `--intrusive` probe answered as a vulnerable device does.
    case intrusiveProbe
    /// The version range, confirmed by a probe of this kind (`version+safe-probe`).
    case versionAndProbe(intrusive: Bool)
    /// The router's UPnP port mappings.
    case router
    /// What the scan saw (an open port, a header).
    case observation
    /// A packet capture `camaudit traffic` read, by its name.
    case trafficCapture(String)
    /// A word this camaudit does not know, kept as it was read.
    case other(String)

    static let trafficCapturePrefix = "traffic capture "

    public init(rawValue: String) {
        switch rawValue {
        case "version": self = .version
        case "model": self = .model
        case "login": self = .login
        case "safe-probe": self = .safeProbe
        case "intrusive-probe": self = .intrusiveProbe
        case "version+safe-probe": self = .versionAndProbe(intrusive: false)
        case "version+intrusive-probe": self = .versionAndProbe(intrusive: true)
        case "router": self = .router
        case "observation": self = .observation
        case let text where text.hasPrefix(Self.trafficCapturePrefix):
            self = .trafficCapture(String(text.dropFirst(Self.trafficCapturePrefix.count)))
        default: self = .other(rawValue)
        }
    }

    /// A probe of the given safety: `safe-probe` or `intrusive-probe`.
    public static func probe(intrusive: Bool) -> DecidedBy { intrusive ? .intrusiveProbe : .safeProbe }

    public var rawValue: String {
        switch self {
        case .version: return "version"
        case .model: return "model"
        case .login: return "login"
        case .safeProbe: return "safe-probe"
        case .intrusiveProbe: return "intrusive-probe"
        case .versionAndProbe(let intrusive): return "version+" + DecidedBy.probe(intrusive: intrusive).rawValue
        case .router: return "router"
        case .observation: return "observation"
        case .trafficCapture(let name): return Self.trafficCapturePrefix + name
        case .other(let text): return text
        }
    }

    public var description: String { rawValue }

    /// Equal when written the same: `.other("version")` is `.version`.
    public static func == (lhs: DecidedBy, rhs: DecidedBy) -> Bool { lhs.rawValue == rhs.rawValue }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
