import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import CamAuditVerdicts
import Foundation

/// The traffic audit as one pipeline (`camaudit traffic` and the demo use it): a capture (a file or a
/// live interface) read into flows, each destination classified and looked up in the user's GeoIP
/// databases, each local host attributed (by a saved scan's inventory, or by the capture alone), and
/// the `phone-home` findings written once, with the GeoIP answers already in place.
public struct TrafficAudit: Sendable {
    /// Where the packets come from.
    public enum Source: Sendable {
        case file(String)
        /// A live capture on an interface (root or CAP_NET_RAW; not promiscuous) for `seconds`, through a BPF filter.
        case live(interface: String, filter: String, seconds: Int)
    }

    /// What a live capture reports while it runs, for the caller to show.
    public enum Event: Sendable {
        /// libpcap activated the interface with a warning.
        case activationWarning(String)
        /// The capture starts.
        case capturing(interface: String, seconds: Int, filter: String)
        /// The capture ended; the kernel's counters.
        case captured(CaptureStatistics)
    }

    /// What one capture showed.
    public struct Result: Sendable {
        /// The capture file's name, or `live capture on IF`; findings name it.
        public var captureName: String
        public var table: FlowTable
        public var devices: [DeviceTraffic]
        /// One line per GeoIP database used; nil when none was given.
        public var geoipDatabases: [String]?
        /// The attribution lines the GeoIP databases' licences ask for; nil when none was used.
        public var geoipAttributions: [String]?
        /// GeoIP lookups that met a damaged entry (those destinations have no country), and the first error.
        public var geoipLookupErrors: Int
        public var firstGeoIPLookupError: GeoIPError?
        /// Why the capture stopped before its end, when it did; the flows read until then are in the result.
        public var readError: String?
        /// Whether the capture was read to its end, and where and why it was cut when it was not.
        public var completeness: CaptureCompleteness = .complete

        /// The `--format json` document (`schema/traffic-report.schema.json`).
        public var report: TrafficReport {
            TrafficReport(
                capture: captureName, table: table, devices: devices, geoipDatabases: geoipDatabases,
                geoipAttributions: geoipAttributions, captureStatus: completeness)
        }

        /// All `phone-home` and `compromise` findings, every device together.
        public var findingCount: Int { devices.reduce(0) { $0 + $1.findings.count } }

        /// The video devices that reached outside the network: whose internet egress the firewall rules block.
        public var talkingVideoDevices: [IPAddress] {
            devices.filter { $0.attribution.role == .videoDevice && !$0.destinations.isEmpty }.map(\.address)
        }

        /// `scan` with these findings joined to its devices (replacing this capture's earlier ones) and its
        /// verdicts, risk scores and plan computed again.
        public func joined(into scan: ScanReport) throws -> ScanReport {
            try VerdictEngine.bundled().apply(to: scan.joiningTraffic(devices, capture: captureName))
        }
    }

    public let localPrefixes: [NetworkPrefix]
    private let classifier: DestinationClassifier
    private let identifier: Identifier
    private let geoIP: GeoIPLookup?

    /// Loads the bundled cloud-endpoint and fingerprint catalogs and opens each GeoIP database (the first
    /// file that cannot be used throws a `GeoIPError`).
    public init(localPrefixes: [NetworkPrefix] = [], geoipPaths: [String] = []) throws {
        self.localPrefixes = localPrefixes
        classifier = DestinationClassifier(catalog: try CloudEndpointCatalog.bundled(), localPrefixes: localPrefixes)
        identifier = Identifier(catalog: try FingerprintCatalog.bundled())
        geoIP = geoipPaths.isEmpty ? nil : try GeoIPLookup(paths: geoipPaths)
    }

    /// Reads `source` and analyses it; with `inventory` (a saved scan's devices) the scan decides what
    /// each host is, without it the capture does. A capture that yields no packet at all throws its
    /// `CaptureError`; one cut short after some packets is analysed, with `readError` saying what happened.
    public func run(_ source: Source, inventory: ScanInventory? = nil, events: (Event) -> Void = { _ in }) throws -> Result {
        try finish(Self.read(source, events: events), inventory: inventory)
    }

    /// `TrafficAudit(localPrefixes:geoipPaths:).run(source, inventory:events:)`, the same result and the
    /// same errors in the same order, but for a capture file the catalogs load and the GeoIP databases
    /// open on another thread while the file is read (a live capture starts only once they are ready).
    public static func run(
        _ source: Source, localPrefixes: [NetworkPrefix] = [], geoipPaths: [String] = [], inventory: ScanInventory? = nil,
        events: (Event) -> Void = { _ in }
    ) throws -> Result {
        guard case .file = source else {
            return try TrafficAudit(localPrefixes: localPrefixes, geoipPaths: geoipPaths).run(source, inventory: inventory, events: events)
        }
        let loading = BackgroundWork { try TrafficAudit(localPrefixes: localPrefixes, geoipPaths: geoipPaths) }
        let capture = try read(source, events: events)
        // A catalog or GeoIP error comes first, as when the audit was made before the capture was read.
        let audit = try loading.value()
        return try audit.finish(capture, inventory: inventory)
    }

    /// What reading a capture left: its flows, and why and where it stopped early, if it did.
    struct CaptureRead {
        var table: FlowTable
        var readError: CaptureError?
        var damagedAt: Int?
        var captureName: String
    }

    /// Reads `source` into flows; only a live interface that cannot be opened throws here.
    static func read(_ source: Source, events: (Event) -> Void) throws -> CaptureRead {
        var table = FlowTable()
        let readError: CaptureError?
        var damagedAt: Int?
        let captureName: String
        switch source {
        case .file(let path):
            do {
                let reader = try CaptureReader(path: path)
                readError = Self.capture(reader, until: nil, into: &table)
                damagedAt = reader.damagedRecordOffset
            } catch {
                readError = error
            }
            captureName = URL(fileURLWithPath: path).lastPathComponent
        case .live(let interface, let filter, let seconds):
            let reader = try CaptureReader(liveInterface: interface, filter: filter)
            if let warning = reader.activationWarning { events(.activationWarning(warning)) }
            events(.capturing(interface: interface, seconds: seconds, filter: filter))
            readError = Self.capture(reader, until: .now + .seconds(seconds), into: &table)
            if let statistics = reader.statistics() { events(.captured(statistics)) }
            captureName = "live capture on \(interface)"
        }
        return CaptureRead(table: table, readError: readError, damagedAt: damagedAt, captureName: captureName)
    }

    /// Analyses what was read; a capture that yielded no packet at all throws its `CaptureError`.
    func finish(_ capture: CaptureRead, inventory: ScanInventory?) throws -> Result {
        if let readError = capture.readError, capture.table.packets == 0 { throw readError }
        var result = analyse(capture.table, captureName: capture.captureName, inventory: inventory)
        result.readError = capture.readError?.description
        if case .readFailed(_, let packets, let reason) = capture.readError {
            result.completeness = CaptureCompleteness(complete: false, packetIndex: packets, byteOffset: capture.damagedAt, reason: reason)
        } else if let readError = capture.readError {
            result.completeness = CaptureCompleteness(complete: false, reason: readError.description)
        }
        return result
    }

    /// The devices of flows already read (the demo reads its capture once and analyses it twice).
    public func analyse(_ table: FlowTable, captureName: String, inventory: ScanInventory? = nil) -> Result {
        let analysis = TrafficAnalysis(
            classifier: classifier, localPrefixes: localPrefixes, identifier: identifier, captureName: captureName)
        var lookup = geoIP
        let devices = analysis.devices(in: table, inventory: inventory, geoIP: &lookup)
        return Result(
            captureName: captureName, table: table, devices: devices, geoipDatabases: lookup?.databaseDescriptions,
            geoipAttributions: lookup?.attributions, geoipLookupErrors: lookup?.lookupErrors ?? 0,
            firstGeoIPLookupError: lookup?.firstLookupError, readError: nil)
    }

    /// Reads a capture file into `table`; the error when it could not be read to its end.
    public static func read(_ path: String, into table: inout FlowTable) -> CaptureError? {
        do {
            try table.add(capture: try CaptureReader(path: path))
            return nil
        } catch {
            return error
        }
    }

    private static func capture(_ reader: CaptureReader, until deadline: ContinuousClock.Instant?, into table: inout FlowTable)
        -> CaptureError?
    {
        do {
            if let deadline { try table.add(capture: reader, until: deadline) } else { try table.add(capture: reader) }
            return nil
        } catch {
            return error
        }
    }
}
