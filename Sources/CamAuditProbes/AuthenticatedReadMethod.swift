import CamAuditCore

/// One vendor's read-only, authenticated way to ask a device what it is, kept as data with sources.
public struct AuthenticatedReadMethod: Sendable {
    /// How an answer's text is turned into `key -> value` pairs before `fields` maps them.
    public enum AnswerFormat: Sendable {
        /// Element texts of an XML document (Hikvision `DeviceInfo`).
        case xmlElements
        /// `key=value` lines (Dahua magicBox, Axis param.cgi, Hanwha SUNAPI).
        case keyValueLines
        /// The string members of the JSON object `Response.Data` (Uniview LAPI).
        case jsonResponseData
        /// The members of `value.DevInfo` in the first object of a Reolink JSON array answer.
        case reolinkDevInfo
    }

    /// How the login travels.
    public enum Style: Sendable, Equatable {
        /// A GET behind HTTP Digest or Basic (an unauthenticated GET first, for the challenge).
        case httpAuthentication
        /// Foscam CGI: `usr` and `pwd` in the query string of the read-only command itself.
        case foscamQueryCredentials
        /// Reolink API: `POST /api.cgi?cmd=Login` for a token, the read with `&token=`, then `cmd=Logout`.
        case reolinkToken
    }

    /// One GET; `alternatives` are tried in order when the unauthenticated request answers 404.
    public struct Request: Sendable {
        public var paths: [String]
        public var format: AnswerFormat
        /// Answer key -> field; two keys mapped to one field are joined with a space, in this order.
        public var fields: [(key: String, field: ObservedField)]
    }

    /// The manufacturer name the identifier gives (vocabulary canonical name).
    public var vendor: String
    public var requests: [Request]
    /// Refused logins that lock the client out; nil when the vendor documents none.
    public var lockoutThreshold: Int?
    public var source: String
    public var style: Style = .httpAuthentication

    /// Attempts (refused logins) camaudit allows itself per device and scan: strictly below the lock
    /// threshold with a margin of one for the owner, and 3 where no threshold is documented.
    public var attemptBudget: Int {
        guard let threshold = lockoutThreshold else { return 3 }
        return max(1, min(3, threshold - 2))
    }

    /// The method for an identified manufacturer (case-insensitive), nil when none is known.
    public static func forManufacturer(_ manufacturer: String?) -> AuthenticatedReadMethod? {
        guard let wanted = manufacturer?.lowercased() else { return nil }
        return all.first { $0.vendor.lowercased() == wanted }
    }

    /// Lockout thresholds (data/credentials/lockout-policies.json has the sources): Hikvision user manuals: admin 7
    /// failures -> IP locked 30 min; Dahua: configurable, 5 assumed; Samsung/Hanwha SND-6011R manual p.100:
    /// 5 failures -> 30 s; Axis, Uniview, Reolink and Foscam: none documented.
    public static let all: [AuthenticatedReadMethod] = [
        AuthenticatedReadMethod(
            vendor: "Hikvision",
            requests: [
                Request(
                    paths: ["/ISAPI/System/deviceInfo", "/System/deviceInfo"], format: .xmlElements,
                    fields: [
                        ("model", .authModel), ("firmwareVersion", .authFirmware), ("firmwareReleasedDate", .authFirmware),
                        ("serialNumber", .authSerial), ("macAddress", .authMAC), ("deviceType", .authDeviceType),
                    ])
            ],
            lockoutThreshold: 7,
            source:
                "Hikvision ISAPI (Intelligent Security API) GET /ISAPI/System/deviceInfo behind Digest; PSIA-era firmware (V5.2 and older) at /System/deviceInfo"
        ),
        AuthenticatedReadMethod(
            vendor: "Dahua",
            requests: [
                Request(
                    paths: ["/cgi-bin/magicBox.cgi?action=getSystemInfo"], format: .keyValueLines,
                    fields: [("updateSerial", .authModel), ("serialNumber", .authSerial), ("deviceType", .authDeviceType)]),
                Request(
                    paths: ["/cgi-bin/magicBox.cgi?action=getSoftwareVersion"], format: .keyValueLines,
                    fields: [("version", .authFirmware)]),
            ],
            lockoutThreshold: 5,
            source: "Dahua HTTP API for IPC & SD: magicBox.cgi action=getSystemInfo and action=getSoftwareVersion behind Digest"),
        AuthenticatedReadMethod(
            vendor: "Axis",
            requests: [
                Request(
                    paths: ["/axis-cgi/param.cgi?action=list&group=root.Brand"], format: .keyValueLines,
                    fields: [
                        ("root.Brand.ProdNbr", .authModel), ("root.Brand.Brand", .authManufacturer),
                        ("root.Brand.ProdType", .authDeviceType),
                    ]),
                Request(
                    paths: ["/axis-cgi/param.cgi?action=list&group=root.Properties.Firmware.Version,root.Properties.System.SerialNumber"],
                    format: .keyValueLines,
                    fields: [("root.Properties.Firmware.Version", .authFirmware), ("root.Properties.System.SerialNumber", .authSerial)]),
            ],
            lockoutThreshold: nil,
            source: "Axis VAPIX parameter management: param.cgi action=list behind Digest or Basic"),
        AuthenticatedReadMethod(
            vendor: "Hanwha",
            requests: [
                Request(
                    paths: ["/stw-cgi/system.cgi?msubmenu=deviceinfo&action=view"], format: .keyValueLines,
                    fields: [
                        ("Model", .authModel), ("FirmwareVersion", .authFirmware), ("SerialNumber", .authSerial),
                        ("ConnectedMACAddress", .authMAC), ("DeviceType", .authDeviceType),
                    ])
            ],
            lockoutThreshold: 5,
            source: "Hanwha SUNAPI: system.cgi msubmenu=deviceinfo action=view behind Digest (key=value lines)"),
        AuthenticatedReadMethod(
            vendor: "Uniview",
            requests: [
                Request(
                    paths: ["/LAPI/V1.0/System/DeviceInfo", "/LAPI/V1.0/System/DeviceBasicInfo"], format: .jsonResponseData,
                    fields: [
                        ("DeviceModel", .authModel), ("FirmwareVersion", .authFirmware), ("SerialNumber", .authSerial),
                        ("MAC", .authMAC), ("DeviceType", .authDeviceType), ("Manufacturer", .authManufacturer),
                    ])
            ],
            lockoutThreshold: nil,
            source:
                "Uniview LAPI behind Digest: /LAPI/V1.0/System/DeviceInfo (Response.Data DeviceModel, SerialNumber, FirmwareVersion; public integration code verified on an NVR302-16S2, where other paths answer HTTP 599), then /LAPI/V1.0/System/DeviceBasicInfo (public code sample)"
        ),
        AuthenticatedReadMethod(
            vendor: "Reolink",
            requests: [
                Request(
                    paths: ["/cgi-bin/api.cgi?cmd=GetDevInfo&channel=0", "/api.cgi?cmd=GetDevInfo&channel=0"], format: .reolinkDevInfo,
                    fields: [("model", .authModel), ("firmVer", .authFirmware), ("serial", .authSerial), ("exactType", .authDeviceType)])
            ],
            lockoutThreshold: nil,
            source:
                "Reolink \"Camera HTTP API User Guide\" v7 (in starkillerOG/reolink_aio doc/): Login token, GetDevInfo DevInfo{model, firmVer, serial, exactType}, Logout",
            style: .reolinkToken),
        AuthenticatedReadMethod(
            vendor: "Foscam",
            requests: [
                Request(
                    paths: ["/cgi-bin/CGIProxy.fcgi?cmd=getDevInfo"], format: .xmlElements,
                    fields: [("productName", .authModel), ("firmwareVer", .authFirmware), ("serialNo", .authSerial), ("mac", .authMAC)])
            ],
            lockoutThreshold: nil,
            source: "Foscam \"IP Camera CGI User Guide\" (HD models): getDevInfo answers <CGI_Result><result>0</result><productName>..."
                + "<serialNo>..<mac>..<firmwareVer>..<hardwareVer>; field names as in hypothermic/FoscamAPI DeviceInfo",
            style: .foscamQueryCredentials),
    ]

    /// The generic fallback for any device with an ONVIF device service; no documented threshold.
    public static let onvifBudget = 2
}
