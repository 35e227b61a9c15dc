import CamAuditCore
import Foundation

/// Turns the answers to the extra web requests into observations (one capture kind per request).
enum WebAnswerReader {
    static func read(
        _ response: HTTPResponse, for request: WebProbeRequest, probe: String, maxBodyBytes: Int, into record: inout PortRecord
    ) {
        switch request.capture {
        case .status:
            break
        case .page:
            recordBodyAndTitle(response, probe: probe, into: &record)
        case .favicon:
            guard response.status == 200, !response.body.isEmpty else { return }
            guard !response.isBodyTruncated else {
                record.note("\(probe): favicon larger than \(ByteCountText.describe(maxBodyBytes)), not hashed")
                return
            }
            record.observe(.faviconMD5, FaviconHash.md5(response.body), probe: probe)
            record.observe(.faviconMMH3, String(FaviconHash.shodanMMH3(response.body)), probe: probe)
        case .hikvisionISAPI(let marker):
            let text = bodyText(response.body, limit: response.body.count)
            guard text.contains(marker) else { return }
            record.observe(.hikvisionISAPI, bodyText(response.body, limit: 2048), probe: probe)
        case .dahuaRPC2:
            guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any],
                object["result"] != nil || object["error"] != nil || object["params"] != nil
            else { return }
            record.observe(.dahuaRPC2, bodyText(response.body, limit: 2048), probe: probe)
            if let params = object["params"] as? [String: Any], let realm = params["realm"] as? String {
                record.observe(.dahuaRPC2Realm, realm, probe: probe)
            }
        case .onvifSystemDateAndTime:
            guard response.status == 200, let date = ONVIFAnswer.utcDateTime(in: bodyText(response.body, limit: response.body.count)) else {
                return
            }
            record.observe(.onvifSystemDateAndTime, date, probe: probe)
        case .axisBasicDeviceInfo:
            guard response.status == 200, let properties = AxisBasicDeviceInfo.properties(in: response.body) else { return }
            record.observe(.axisBasicDeviceInfo, properties, probe: probe)
        case .onvifDeviceInformation:
            guard response.status == 200,
                let information = ONVIFAnswer.deviceInformation(in: bodyText(response.body, limit: response.body.count))
            else { return }
            record.observe(.onvifDeviceInformation, information, probe: probe)
        }
    }

    /// `http.body` (first 4096 bytes, BOM stripped) and `http.title`.
    static func recordBodyAndTitle(_ response: HTTPResponse, probe: String, into record: inout PortRecord) {
        guard !response.body.isEmpty else { return }
        let full = bodyText(response.body, limit: response.body.count)
        if let title = HTMLTitleExtractor.title(in: full), !title.isEmpty {
            record.observe(.httpTitle, title, probe: probe)
        }
        record.observe(.httpBody, bodyText(response.body, limit: 4096), probe: probe)
    }

    /// The first `limit` bytes as lossy UTF-8, after a leading UTF-8 BOM.
    static func bodyText(_ body: [UInt8], limit: Int) -> String {
        let withoutBOM = body.starts(with: [0xEF, 0xBB, 0xBF]) ? body.dropFirst(3) : body[...]
        return String(decoding: withoutBOM.prefix(limit), as: UTF8.self)
    }
}

/// Reads an Axis `getAllUnrestrictedProperties` answer.
public enum AxisBasicDeviceInfo {
    /// `Brand=..;ProdNbr=..;Version=..;SerialNumber=..;BuildDate=..` from `data.propertyList`, or nil
    /// when the body is not such an answer. Values are cut at 128 characters and may not hold `;`.
    public static func properties(in body: [UInt8]) -> String? {
        guard body.count <= 64 * 1024,
            let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
            let data = object["data"] as? [String: Any], let list = data["propertyList"] as? [String: Any],
            list["ProdNbr"] is String || list["Version"] is String
        else { return nil }
        let keys = ["Brand", "ProdNbr", "Version", "SerialNumber", "BuildDate"]
        return keys.map { key in
            let value = (list[key] as? String).map { String($0.replacingOccurrences(of: ";", with: ",").prefix(128)) } ?? ""
            return "\(key)=\(value)"
        }.joined(separator: ";")
    }
}

/// Reads the two ONVIF device-service answers camaudit asks for.
public enum ONVIFAnswer {
    /// Longest value kept: real answers hold short names, versions and serial numbers.
    static let maximumValueLength = 128

    /// `Manufacturer=..;Model=..;FirmwareVersion=..;SerialNumber=..;HardwareId=..`, or nil when absent. A value
    /// holding markup (an element nested in itself, as a hostile answer sends) is no value; values are cut at 128
    /// characters.
    public static func deviceInformation(in xml: String) -> String? {
        guard let manufacturer = value("Manufacturer", in: xml) else { return nil }
        let keys = ["Model", "FirmwareVersion", "SerialNumber", "HardwareId"]
        let values = keys.map { value($0, in: xml) ?? "" }
        return (["Manufacturer=\(manufacturer)"] + zip(keys, values).map { "\($0)=\($1)" }).joined(separator: ";")
    }

    private static func value(_ name: String, in xml: String) -> String? {
        guard let text = XMLElementTextExtractor.text(of: name, in: xml), !text.contains("<") else { return nil }
        return String(text.prefix(maximumValueLength))
    }

    /// The device's UTC clock as `YYYY-MM-DDTHH:MM:SSZ`, or nil when absent.
    public static func utcDateTime(in xml: String) -> String? {
        guard let section = XMLElementTextExtractor.text(of: "UTCDateTime", in: xml) else { return nil }
        let numbers = ["Year", "Month", "Day", "Hour", "Minute", "Second"].map {
            XMLElementTextExtractor.text(of: $0, in: section).flatMap { Int($0) }
        }
        guard numbers.allSatisfy({ $0 != nil }) else { return nil }
        let value = numbers.map { $0 ?? 0 }
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(value[0])-\(two(value[1]))-\(two(value[2]))T\(two(value[3])):\(two(value[4])):\(two(value[5]))Z"
    }
}
