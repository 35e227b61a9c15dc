import CamAuditCore
import Foundation

/// Reads `auth.*` observations out of an authenticated answer, and lock signals out of a refusal.
enum AuthenticatedAnswer {
    static func observations(from response: HTTPResponse, request: AuthenticatedReadMethod.Request, port: UInt16, probe: String)
        -> [Observation]
    {
        let text = WebAnswerReader.bodyText(response.body, limit: response.body.count)
        let values = pairs(text, format: request.format, keys: request.fields.map(\.key))
        var joined: [(field: ObservedField, value: String)] = []
        for (key, field) in request.fields {
            guard let value = values[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { continue }
            if let index = joined.firstIndex(where: { $0.field == field }) {
                joined[index].value += " " + value
            } else {
                joined.append((field, value))
            }
        }
        var result: [Observation] = []
        for (field, value) in joined {
            // Dahua: `version=2.800.0000000.16.R,build:2021-07-21` is a version and a build date.
            if field == .authFirmware, let range = value.range(of: ",build:") {
                result.append(Observation(field: .authFirmware, value: String(value[..<range.lowerBound]), port: port, probe: probe))
                result.append(Observation(field: .authFirmwareDate, value: String(value[range.upperBound...]), port: port, probe: probe))
            } else {
                result.append(Observation(field: field, value: value, port: port, probe: probe))
            }
        }
        return result
    }

    static func onvifObservations(_ information: String, port: UInt16, user: String, provenance: String = "") -> [Observation] {
        var values: [String: String] = [:]
        for part in information.split(separator: ";") {
            let pieces = part.split(separator: "=", maxSplits: 1)
            if pieces.count == 2 { values[String(pieces[0])] = String(pieces[1]) }
        }
        // Manufacturer is left out: over generic ONVIF it is a free-text label (white-label firmware writes
        // anything there), and the unauthenticated onvif.device_information fingerprints already weigh it.
        let mapping: [(String, ObservedField)] = [
            ("Model", .authModel),
            ("FirmwareVersion", .authFirmware), ("SerialNumber", .authSerial),
        ]
        return mapping.compactMap { key, field in
            guard let value = values[key], !value.isEmpty else { return nil }
            return Observation(
                field: field, value: value, port: port, probe: "ONVIF GetDeviceInformation (UsernameToken as \(user)\(provenance))")
        }
    }

    /// Hikvision `<lockStatus>lock</lockStatus>`, Dahua error 268632081, and lock sentences in 401 bodies.
    static func signalsLock(_ response: HTTPResponse) -> Bool {
        let text = WebAnswerReader.bodyText(response.body, limit: 8192).lowercased()
        return text.contains("<lockstatus>lock</lockstatus>") || text.contains("268632081") || text.contains("device locked")
            || text.contains("account locked") || text.contains("login locked") || text.contains("user locked")
    }

    static func pairs(_ text: String, format: AuthenticatedReadMethod.AnswerFormat, keys: [String]) -> [String: String] {
        var values: [String: String] = [:]
        switch format {
        case .xmlElements:
            // Only the few element names the request maps are looked up (see `fields`).
            for name in keys {
                if let value = XMLElementTextExtractor.text(of: name, in: text) { values[name] = value }
            }
        case .reolinkDevInfo:
            guard text.utf8.count <= 64 * 1024,
                let array = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any],
                let first = array.first as? [String: Any], let value = first["value"] as? [String: Any],
                let info = value["DevInfo"] as? [String: Any]
            else { break }
            for key in keys {
                if let string = info[key] as? String {
                    values[key] = string
                } else if let number = info[key] as? NSNumber {
                    values[key] = number.stringValue
                }
            }
        case .keyValueLines:
            for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                let key = String(trimmed[..<equals])
                if values[key] == nil { values[key] = String(trimmed[trimmed.index(after: equals)...]) }
            }
        case .jsonResponseData:
            guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                let response = object["Response"] as? [String: Any], let data = response["Data"] as? [String: Any]
            else { break }
            for (key, value) in data {
                if let string = value as? String {
                    values[key] = string
                } else if let number = value as? NSNumber {
                    values[key] = number.stringValue
                }
            }
        }
        return values
    }
}
