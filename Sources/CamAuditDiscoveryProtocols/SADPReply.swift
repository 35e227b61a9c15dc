import Foundation
import CamAuditCore

/// A Hikvision SADP `<ProbeMatch>`: model, serial, firmware and activation, all without credentials.
public struct SADPReply: Sendable, Hashable {
    /// Every child element of `ProbeMatch` by name, trimmed, including ones this type does not name.
    public var elements: [String: String]

    public init(elements: [String: String]) { self.elements = elements }

    /// The `Uuid` echoed from the inquiry.
    public var uuid: String? { elements["Uuid"] }
    /// The numeric device type code, as sent.
    public var deviceType: String? { elements["DeviceType"] }
    /// The model, e.g. `DS-2CD2432F-IW`.
    public var deviceDescription: String? { elements["DeviceDescription"] }
    /// The serial: model + date + serial, e.g. `DS-2CD2432F-IW20150101AAWR123456`.
    public var serialNumber: String? { elements["DeviceSN"] }
    /// The SDK port (8000 by default).
    public var commandPort: Int? { elements["CommandPort"].flatMap { Int($0) } }
    /// The HTTP port.
    public var httpPort: Int? { elements["HttpPort"].flatMap { Int($0) } }
    /// The IPv4 address the device reports for itself.
    public var ipv4Address: String? { elements["IPv4Address"] }
    /// The MAC as sent, dash-separated (`44-19-b6-aa-bb-cc`).
    public var rawMAC: String? { elements["MAC"] }
    /// The MAC lower-case with colons (`44:19:b6:aa:bb:cc`).
    public var macAddress: String? { rawMAC.map { $0.lowercased().replacingOccurrences(of: "-", with: ":") } }
    /// `SoftwareVersion` exactly as sent, e.g. `V5.3.0build 150513`.
    public var softwareVersion: String? { elements["SoftwareVersion"] }
    /// `SoftwareVersion` in ISAPI's spelling, e.g. `V5.3.0 build 150513`, so version rules match both sources.
    public var firmware: String? { softwareVersion.map(Self.normalisedFirmware) }
    /// The DSP (encoder) version, as sent.
    public var dspVersion: String? { elements["DSPVersion"] }
    /// Whether an admin password has been set; `false` means the device is waiting to be activated.
    public var activated: Bool? {
        switch elements["Activated"]?.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// Reads a `<ProbeMatch>` datagram (CRLF between elements is fine).
    public static func parse(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> SADPReply {
        try DiscoveryDatagram.checkSize(bytes.count)
        let tree = try XMLTree.parse(DiscoveryDatagram.text(bytes))
        guard let match = tree.first("ProbeMatch") else { throw .missingElement("ProbeMatch") }
        var elements: [String: String] = [:]
        for child in match.children where elements[child.name] == nil {
            elements[child.name] = child.text
        }
        return SADPReply(elements: elements)
    }

    /// Puts a space before `build` when firmware glued them (`V5.3.0build 150513`).
    static func normalisedFirmware(_ raw: String) -> String {
        guard let range = raw.range(of: "build", options: .caseInsensitive), range.lowerBound > raw.startIndex,
            raw[raw.index(before: range.lowerBound)] != " "
        else { return raw }
        return raw[..<range.lowerBound] + " " + raw[range.lowerBound...]
    }

    /// What a scan records. `sadp.software_version` carries the normalised firmware.
    public func observations(port: UInt16? = 37020, probe: String = "SADP inquiry") -> [Observation] {
        let pairs: [(ObservedField, String?)] = [
            (.sadpDeviceDescription, deviceDescription),
            (.sadpDeviceType, deviceType),
            (.sadpSoftwareVersion, firmware),
            (.sadpSerial, serialNumber),
            (.sadpMAC, macAddress),
            (.sadpActivated, activated.map { $0 ? "true" : "false" }),
            (.sadpHTTPPort, httpPort.flatMap(UInt16.init(exactly:)).map(String.init)),
            (.sadpCommandPort, commandPort.flatMap(UInt16.init(exactly:)).map(String.init)),
        ]
        return pairs.compactMap { field, value in
            guard let value, !value.isEmpty else { return nil }
            return Observation(field: field, value: value, port: port, probe: probe)
        }
    }
}
