import CamAuditCore
import Foundation

/// A Dahua `client.notifyDevInfo` reply: model, vendor, firmware and serial without credentials.
public struct DHDiscoverReply: Sendable, Hashable {
    public var method: String?
    public var deviceType: String?
    public var vendor: String?
    public var version: String?
    public var serialNumber: String?
    /// The MAC from the envelope (`4c:11:bf:c2:0b:9d`), lower-case.
    public var macAddress: String?
    public var httpPort: Int?
    /// The DVRIP/DHIP port, 37777 by default.
    public var port: Int?
    /// `IPC`, `NVR`, `VTO`, ...
    public var deviceClass: String?
    public var machineName: String?
    /// The device's own IPv4 address, when reported.
    public var ipv4Address: String?

    /// Reads a whole datagram: the DHIP frame, then its JSON.
    public static func parse(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> DHDiscoverReply {
        try parse(frame: DHIPFrame.parseDatagram(bytes))
    }

    /// Reads the JSON of an already-decoded frame (tolerates the `\n\0` some firmware appends).
    public static func parse(frame: DHIPFrame) throws(DiscoveryReplyError) -> DHDiscoverReply {
        var body = frame.body[...]
        while let last = body.last, last == 0 || last == 0x0A || last == 0x0D || last == 0x20 { body = body.dropLast() }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            throw .notJSON(reason: "\(error.localizedDescription)")
        }
        guard let root = object as? [String: Any] else { throw .notJSON(reason: "the top level is not an object") }
        guard let params = root["params"] as? [String: Any], let info = params["deviceInfo"] as? [String: Any] else {
            throw .missingMember("deviceInfo")
        }
        func string(_ key: String) -> String? {
            if let text = info[key] as? String { return text }
            if let number = info[key] as? NSNumber { return number.stringValue }
            return nil
        }
        func int(_ key: String) -> Int? {
            if let number = info[key] as? NSNumber { return number.intValue }
            return (info[key] as? String).flatMap { Int($0) }
        }
        let ipv4 = (info["IPv4Address"] as? [String: Any])?["IPAddress"] as? String
        return DHDiscoverReply(
            method: root["method"] as? String,
            deviceType: string("DeviceType"), vendor: string("Vendor"), version: string("Version"),
            serialNumber: string("SerialNo"), macAddress: (root["mac"] as? String)?.lowercased(),
            httpPort: int("HttpPort"), port: int("Port"), deviceClass: string("DeviceClass"),
            machineName: string("MachineName"), ipv4Address: ipv4
        )
    }

    /// What a scan records.
    public func observations(port: UInt16? = 37810, probe: String = "DHDiscover.search") -> [Observation] {
        let pairs: [(ObservedField, String?)] = [
            (.dhdiscoverDeviceType, deviceType), (.dhdiscoverVendor, vendor), (.dhdiscoverVersion, version),
            (.dhdiscoverSerial, serialNumber), (.dhdiscoverMAC, macAddress), (.dhdiscoverDeviceClass, deviceClass),
            (.dhdiscoverHTTPPort, httpPort.flatMap(UInt16.init(exactly:)).map(String.init)),
            (.dhdiscoverServicePort, self.port.flatMap(UInt16.init(exactly:)).map(String.init)),
        ]
        return pairs.compactMap { field, value in
            guard let value, !value.isEmpty else { return nil }
            return Observation(field: field, value: value, port: port, probe: probe)
        }
    }
}
