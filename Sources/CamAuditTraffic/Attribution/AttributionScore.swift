import CamAuditCore

/// How well one capture's attribution matches its ground truth: which cameras were called video
/// devices (and got `phone-home` findings), which other hosts were wrongly called video devices, and
/// whether each client (the phone or PC running the app) stayed a client.
///
/// Only hosts inside the network count: a remote viewer on the internet is never attributed.
public struct AttributionScore: Sendable, Hashable {
    public struct HostResult: Sendable, Hashable {
        public var address: IPAddress
        public var truth: GroundTruth.Role
        public var device: String
        /// What camaudit said; `unknown` when it did not list the host.
        public var attributed: DeviceAttribution.Role
        public var score: Double?
        public var phoneHomeFindings: Int
        /// A camera that reaches the internet should get at least one `phone-home` finding.
        public var expectsPhoneHome: Bool
    }

    public var capture: String
    public var hosts: [HostResult]
    /// Hosts called video devices that the ground truth does not list at all.
    public var unlistedVideoDevices: [IPAddress]

    public var cameras: [HostResult] { hosts.filter { $0.truth == .camera } }
    public var camerasNamed: [HostResult] { cameras.filter { $0.attributed == .videoDevice } }
    /// Named cameras that reach the internet and got a `phone-home` finding, over those expected to.
    public var camerasWithPhoneHome: Int {
        cameras.filter { $0.expectsPhoneHome && $0.attributed == .videoDevice && $0.phoneHomeFindings > 0 }.count
    }
    public var camerasExpectingPhoneHome: Int { cameras.filter(\.expectsPhoneHome).count }
    /// Listed hosts that are not cameras but were called video devices.
    public var falsePositives: [HostResult] { hosts.filter { $0.truth != .camera && $0.attributed == .videoDevice } }
    public var falsePositiveCount: Int { falsePositives.count + unlistedVideoDevices.count }
    public var clients: [HostResult] { hosts.filter { $0.truth == .client } }
    public var clientsKept: [HostResult] { clients.filter { $0.attributed == .client } }

    /// Scores `devices` (a `TrafficAudit.Result`'s) against `truth`.
    public static func score(_ truth: GroundTruth, devices: [DeviceTraffic], capture: String? = nil) -> AttributionScore {
        let byAddress = Dictionary(devices.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        let lanOnly = Dictionary(truth.cameras.map { ($0.address, $0.lanOnly) }, uniquingKeysWith: { first, _ in first })
        var results: [HostResult] = []
        var listed: Set<IPAddress> = []
        for host in truth.hosts {
            guard let address = host.address, isInside(address), !listed.contains(address) else { continue }
            listed.insert(address)
            let device = byAddress[address]
            let phoneHome = device?.findings.filter { $0.kind == PhoneHomeFindings.kind }.count ?? 0
            results.append(
                HostResult(
                    address: address, truth: host.role, device: host.device, attributed: device?.attribution.role ?? .unknown,
                    score: device?.attribution.score, phoneHomeFindings: phoneHome,
                    expectsPhoneHome: host.role == .camera && !(lanOnly[address] ?? false)))
        }
        let unlisted = devices.filter { $0.attribution.role == .videoDevice && !listed.contains($0.address) }.map(\.address)
        return AttributionScore(capture: capture ?? truth.file, hosts: results, unlistedVideoDevices: unlisted)
    }

    /// Addresses a capture's attribution can judge: the network's own (private, link-local), not a remote viewer.
    static func isInside(_ address: IPAddress) -> Bool {
        switch AddressScope(of: address) {
        case .privateNetwork, .linkLocal: return true
        default: return false
        }
    }

    /// The sums over several captures.
    public struct Total: Sendable, Hashable {
        public var cameras = 0
        public var camerasNamed = 0
        public var camerasWithPhoneHome = 0
        public var camerasExpectingPhoneHome = 0
        public var falsePositives = 0
        public var clients = 0
        public var clientsKept = 0

        public init() {}

        public init(_ scores: [AttributionScore]) {
            for score in scores {
                cameras += score.cameras.count
                camerasNamed += score.camerasNamed.count
                camerasWithPhoneHome += score.camerasWithPhoneHome
                camerasExpectingPhoneHome += score.camerasExpectingPhoneHome
                falsePositives += score.falsePositiveCount
                clients += score.clients.count
                clientsKept += score.clientsKept.count
            }
        }

        /// Cameras named over all cameras (1 when there are none).
        public var recall: Double { cameras == 0 ? 1 : Double(camerasNamed) / Double(cameras) }
        /// Cameras named over all hosts called video devices (1 when none was).
        public var precision: Double {
            camerasNamed + falsePositives == 0 ? 1 : Double(camerasNamed) / Double(camerasNamed + falsePositives)
        }

        /// `cameras 8/9 (recall 0.89), false positives 1, precision 0.89, phone-home 7/8, clients kept 3/4`.
        public var summary: String {
            "cameras \(camerasNamed)/\(cameras) (recall \(Self.decimal(recall))), false positives \(falsePositives), "
                + "precision \(Self.decimal(precision)), phone-home \(camerasWithPhoneHome)/\(camerasExpectingPhoneHome), "
                + "clients kept \(clientsKept)/\(clients)"
        }

        static func decimal(_ value: Double) -> String {
            let hundredths = Int((value * 100).rounded())
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        }
    }

    public var total: Total { Total([self]) }

    /// One line per camera, false positive, client and unlisted video device, for the benchmark's output.
    public var detailLines: [String] {
        var lines: [String] = []
        for host in cameras {
            let phoneHome = host.expectsPhoneHome ? ", phone-home findings \(host.phoneHomeFindings)" : ", LAN-only"
            lines.append(
                "camera \(host.address): \(host.attributed == .videoDevice ? "named" : "MISSED (\(host.attributed.rawValue))")"
                    + "\(host.score.map { ", score \(DeviceAttributor.text($0))" } ?? ", not listed")\(phoneHome) - \(Self.short(host.device))"
            )
        }
        for host in falsePositives {
            lines.append(
                "FALSE POSITIVE \(host.address) (\(host.truth.rawValue))"
                    + "\(host.score.map { ", score \(DeviceAttributor.text($0))" } ?? "") - \(Self.short(host.device))")
        }
        for address in unlistedVideoDevices { lines.append("FALSE POSITIVE \(address) (not in the ground truth)") }
        for host in clients {
            lines.append(
                "client \(host.address): \(host.attributed == .client ? "stays a client" : "NOT a client (\(host.attributed.rawValue))")"
                    + "\(host.score.map { ", score \(DeviceAttributor.text($0))" } ?? ", not listed") - \(Self.short(host.device))")
        }
        return lines
    }

    static func short(_ text: String) -> String { text.count > 70 ? String(text.prefix(70)) + "..." : text }
}
