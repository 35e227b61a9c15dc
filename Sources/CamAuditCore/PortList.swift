/// The TCP ports a scan probes.
public struct PortList: Sendable, Hashable, CustomStringConvertible {
    public let ports: [UInt16]

    /// Ports that cameras, NVRs and DVRs are seen to listen on: web (80, 443, 8080, 8443, 88 Foscam HD,
    /// 8000 Reolink ONVIF), RTSP (554, 8554, 10554), Hikvision SDK (8000), Dahua DVRIP/DHIP (37777, 5000),
    /// Xiongmai (34567), telnet (23), Tapo ONVIF (2020) and media (8800), Reolink Baichuan (9000), RTMP
    /// (1935), Hikvision WebSocket (7681), HiSilicon streaming (7070). PortHintTable in CamAuditProbes names a
    /// source for each port it hints; Hikvision's set (80, 443, 554, 8000, 8443, 7681, 10554) is the
    /// Security/adminAccesses answer in maciej-or/hikvision_next@f6dac0dabb26 tests/fixtures/devices, 7070
    /// is open on the Hikvision DNVRS unit in the nmap run of magnusstubman/nmapoutputbrowser's README, Tapo's
    /// 2020 and 8800 are in gist.github.com/schauveau/c4ff736ae46f9d21527ef1eccee5baa1 (nmap of a Tapo C500)
    /// and JurajNyiri/pytapo@8c97d90d26c8 (streamPort 8800), Reolink's 1935 is in its Camera HTTP API User
    /// Guide v7 §2.7.2.
    public static let cameraDefaults = PortList(uncheckedPorts: [
        23, 80, 88, 443, 554, 1935, 2020, 5000, 7070, 7681, 8000, 8080, 8443, 8554, 8800, 9000, 10554, 34567, 37777,
    ])

    public init(_ ports: [UInt16]) {
        self.ports = Array(Set(ports)).sorted()
    }

    private init(uncheckedPorts: [UInt16]) {
        self.ports = uncheckedPorts
    }

    /// Parses `80,443,8000-8100` (nmap's syntax without protocol prefixes). `camera` stands for the
    /// default camera set and may be mixed with other entries.
    public init(parsing text: String) throws(PortListError) {
        var result: Set<UInt16> = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if item == "camera" || item == "default" {
                result.formUnion(PortList.cameraDefaults.ports)
            } else if let dash = item.firstIndex(of: "-") {
                guard let low = UInt16(item[..<dash]), let high = UInt16(item[item.index(after: dash)...]), low >= 1, low <= high else {
                    throw .malformed(item)
                }
                result.formUnion(low...high)
            } else {
                guard let port = UInt16(item), port >= 1 else { throw .malformed(item) }
                result.insert(port)
            }
        }
        guard !result.isEmpty else { throw .empty }
        ports = result.sorted()
    }

    public var description: String { ports.map(String.init).joined(separator: ",") }
}

/// Why a port list could not be read.
public enum PortListError: Error, Sendable, CustomStringConvertible {
    /// An entry is not a port (1-65535) or a range `low-high`.
    case malformed(String)
    /// The list named no port.
    case empty

    public var description: String {
        switch self {
        case .malformed(let item):
            return "'\(item)' is not a port: write ports from 1 to 65535 or ranges like 8000-8100, separated by commas."
        case .empty:
            return "The port list is empty: give at least one port, or 'camera' for the default camera ports."
        }
    }
}
