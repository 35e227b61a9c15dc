/// A named thing a probe saw, such as an HTTP `Server` header or an RTSP realm.
///
/// Field names are the fingerprint catalog's file names (`http.server` is matched by
/// `data/fingerprints/http.server.json`), so adding a field means adding a data file.
public struct ObservedField: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let httpServer: ObservedField = "http.server"
    public static let httpTitle: ObservedField = "http.title"
    public static let httpBody: ObservedField = "http.body"
    public static let httpAuthRealm: ObservedField = "http.auth_realm"
    public static let httpCookie: ObservedField = "http.cookie"
    public static let faviconMD5: ObservedField = "http.favicon.md5"
    public static let faviconMMH3: ObservedField = "http.favicon.mmh3"
    public static let tlsSubject: ObservedField = "tls.subject"
    public static let tlsIssuer: ObservedField = "tls.issuer"
    public static let rtspServer: ObservedField = "rtsp.server"
    public static let rtspAuthRealm: ObservedField = "rtsp.auth_realm"
    public static let rtspPublic: ObservedField = "rtsp.public"
    public static let onvifDeviceInformation: ObservedField = "onvif.device_information"
    public static let onvifScopes: ObservedField = "onvif.scopes"
    public static let hikvisionISAPI: ObservedField = "hikvision.isapi"
    public static let dahuaRPC2Realm: ObservedField = "dahua.rpc2.realm"
    public static let dahuaRPC2: ObservedField = "dahua.rpc2"
    public static let banner: ObservedField = "tcp.banner"
    public static let telnetBanner: ObservedField = "telnet.banner"
    public static let openPorts: ObservedField = "tcp.open_ports"
}

/// One observation: a field, its value, and where it was read.
public struct Observation: Sendable, Hashable, Codable {
    public var field: ObservedField
    public var value: String
    public var port: UInt16?
    /// The probe that read it, e.g. `GET /` or `RTSP DESCRIBE`.
    public var probe: String

    public init(field: ObservedField, value: String, port: UInt16? = nil, probe: String) {
        self.field = field
        self.value = value
        self.port = port
        self.probe = probe
    }
}

/// Answers that show a server answers everything, so its other answers identify nothing.
public enum CatchAllAnswer {
    /// The `http.status` value of a `GET /<random>` answered with the root page byte for byte.
    public static let webPageForAnyPath = "GET /<random> -> 200 (same page as /)"
}
