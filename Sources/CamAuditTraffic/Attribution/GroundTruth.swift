import CamAuditCore
import Foundation

/// What a real capture's sidecar (`<capture>.json`) says is on the network: every host with its role,
/// and which hosts are cameras (and whether they stay on the LAN). The benchmark and the corpus tests
/// score `DeviceAttributor` against it (`AttributionScore`).
///
/// Only the fields scoring needs are read; a sidecar also carries its source, licence and notes.
public struct GroundTruth: Sendable, Hashable {
    /// The role a sidecar gives a host.
    public enum Role: String, Sendable, Hashable, Decodable, CaseIterable {
        case camera, client, nonCamera = "non-camera", router, scanner, unknown
    }

    public struct Host: Sendable, Hashable {
        /// The host's address; nil when the sidecar names none that parses (a DHCP client without a lease).
        public var address: IPAddress?
        public var mac: String?
        public var role: Role
        public var device: String
    }

    public struct Camera: Sendable, Hashable {
        public var address: IPAddress
        public var device: String
        /// True when the camera reaches nothing outside the network (no phone-home finding is expected).
        public var lanOnly: Bool
    }

    /// The capture's file name, next to its sidecar.
    public var file: String
    public var hosts: [Host]
    public var cameras: [Camera]

    public init(file: String, hosts: [Host], cameras: [Camera]) {
        self.file = file
        self.hosts = hosts
        self.cameras = cameras
    }

    /// Reads a sidecar.
    public static func load(sidecar: URL) throws -> GroundTruth {
        try parse(Data(contentsOf: sidecar))
    }

    /// Parses a sidecar's JSON.
    public static func parse(_ data: Data) throws -> GroundTruth {
        let raw = try JSONDecoder().decode(RawSidecar.self, from: data)
        let hosts = raw.hosts.map { host in
            Host(address: host.ip.flatMap { IPAddress($0) }, mac: host.mac, role: host.role, device: host.device ?? "")
        }
        let cameras = (raw.cameras ?? []).compactMap { camera -> Camera? in
            guard let address = IPAddress(camera.ip) else { return nil }
            return Camera(address: address, device: camera.device ?? "", lanOnly: camera.lan_only ?? false)
        }
        return GroundTruth(file: raw.file, hosts: hosts, cameras: cameras)
    }

    /// The captures in `directory` that have a sidecar, by file name: (capture, sidecar).
    public static func corpus(in directory: URL) throws -> [(capture: URL, sidecar: URL)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let present = Set(names)
        return names.filter { $0.hasSuffix(".json") }.compactMap { sidecar in
            let capture = String(sidecar.dropLast(".json".count))
            guard present.contains(capture) else { return nil }
            return (directory.appendingPathComponent(capture), directory.appendingPathComponent(sidecar))
        }
    }

    private struct RawSidecar: Decodable {
        struct RawHost: Decodable {
            var ip: String?
            var mac: String?
            var role: Role
            var device: String?
        }
        struct RawCamera: Decodable {
            var ip: String
            var device: String?
            // The sidecars' own spelling.
            var lan_only: Bool?  // swiftlint:disable:this identifier_name
        }
        var file: String
        var hosts: [RawHost]
        var cameras: [RawCamera]?
    }
}
