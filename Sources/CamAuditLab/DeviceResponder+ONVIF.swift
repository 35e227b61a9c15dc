import Foundation

/// ONVIF device service (`POST /onvif/device_service`, SOAP 1.2), as the ONVIF Core Specification defines it.
extension DeviceResponder {
    static let soapOpen =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\" xmlns:tt=\"http://www.onvif.org/ver10/schema\" xmlns:ter=\"http://www.onvif.org/ver10/error\"><env:Body>"
    static let soapClose = "</env:Body></env:Envelope>\n"

    func onvifAnswer(_ request: WireRequest, service: DeviceProfile.HTTPService, template: ReplyTemplate) -> [UInt8] {
        guard let onvif = profile.onvif else {
            return template.render(service.notFound, defaultVersion: service.version, challenges: [])
        }
        let text = String(decoding: request.body, as: UTF8.self)
        let authenticated = hasValidUsernameToken(text)
        if text.contains("UsernameToken") { state.recordLoginOutsideLockout(accepted: authenticated) }
        let status: Int
        let body: String
        if text.contains("GetSystemDateAndTime") {
            // Answers without authentication on every ONVIF device: clients use it to sync WS-Security clocks.
            let now = WireDate.utcParts()
            status = 200
            body =
                "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>CST-0:00:00</tt:TZ></tt:TimeZone><tt:UTCDateTime><tt:Time><tt:Hour>\(now.hour)</tt:Hour><tt:Minute>\(now.minute)</tt:Minute><tt:Second>\(now.second)</tt:Second></tt:Time><tt:Date><tt:Year>\(now.year)</tt:Year><tt:Month>\(now.month)</tt:Month><tt:Day>\(now.day)</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
        } else if text.contains("GetDeviceInformation"), authenticated || onvif.deviceInformationWithoutAuth {
            status = 200
            body =
                "<tds:GetDeviceInformationResponse><tds:Manufacturer>\(onvif.manufacturer)</tds:Manufacturer><tds:Model>\(onvif.model)</tds:Model><tds:FirmwareVersion>\(onvif.firmwareVersion)</tds:FirmwareVersion><tds:SerialNumber>\(onvif.serialNumber)</tds:SerialNumber><tds:HardwareId>\(onvif.hardwareId)</tds:HardwareId></tds:GetDeviceInformationResponse>"
        } else if authenticated {
            status = 400
            body = Self.fault(subcode: "ter:ActionNotSupported", reason: "Optional Action Not Implemented")
        } else {
            status = onvif.unauthorizedStatus
            body = Self.fault(subcode: "ter:NotAuthorized", reason: "Sender not Authorized")
        }
        let reason = status == 200 ? "OK" : status == 401 ? "Unauthorized" : "Bad Request"
        let reply = DeviceProfile.Reply(
            version: nil, status: status, reason: reason, headers: onvif.headers, body: Self.soapOpen + body + Self.soapClose)
        return template.render(reply, defaultVersion: service.version, challenges: [])
    }

    static func fault(subcode: String, reason: String) -> String {
        "<env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>\(subcode)</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">\(reason)</env:Text></env:Reason></env:Fault>"
    }

    /// WS-Security UsernameToken with PasswordDigest = Base64(SHA1(nonce + created + password)), or PasswordText.
    func hasValidUsernameToken(_ envelope: String) -> Bool {
        guard let credentials = profile.credentials,
            let user = Self.element("Username", in: envelope), user == credentials.user,
            let password = Self.element("Password", in: envelope)
        else { return false }
        guard let nonceText = Self.element("Nonce", in: envelope), let created = Self.element("Created", in: envelope),
            let nonce = Data(base64Encoded: nonceText)
        else { return password == credentials.password }
        let digest = MessageDigest.sha1(Array(nonce) + Array(created.utf8) + Array(credentials.password.utf8))
        return Data(digest).base64EncodedString() == password
    }

    /// The text of the first element with this local name, whatever its prefix and attributes.
    static func element(_ localName: String, in xml: String) -> String? {
        var searchStart = xml.startIndex
        while let open = xml.range(of: "<", range: searchStart..<xml.endIndex) {
            guard let close = xml.range(of: ">", range: open.upperBound..<xml.endIndex) else { return nil }
            let tag = xml[open.upperBound..<close.lowerBound]
            let name = tag.split(separator: " ").first.map(String.init) ?? ""
            let local = name.split(separator: ":").last.map(String.init) ?? name
            if local == localName, !tag.hasPrefix("/") {
                guard let end = xml.range(of: "</", range: close.upperBound..<xml.endIndex) else { return nil }
                return String(xml[close.upperBound..<end.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            searchStart = close.upperBound
        }
        return nil
    }
}
