import CamAuditCore

/// One device kind as data: identity, credentials, and the replies its services send.
///
/// Loaded from `Profiles/<id>.json`; the format is described in `Profiles/README.md`.
struct DeviceProfile: Sendable, Codable {
    var id: String
    /// Where the behaviour comes from (public sources, `Real`), and which parts are lab assumptions (`Assumed`).
    var source: String
    var summary: String
    var expected: LabExpectation
    /// Values the templates can use: `{serial}`, `{mac}`, `{realm}`, ...
    var identity: [String: String]
    /// `device` (default) or a hostile behaviour: `silent`, `trickle`, `flood`, `honeypot`, `malformed-xml`.
    var behaviour: String?
    var credentials: Credentials?
    var lockout: Lockout?
    var http: HTTPService?
    var rtsp: RTSPService?
    var banners: [Banner]?
    var onvif: ONVIFService?
    var dahuaLogin: DahuaLogin?
    /// UDP discovery answers (SADP, DHDiscover, WS-Discovery, SSDP); see `DiscoveryProfile`.
    var discovery: DiscoveryProfile?
    /// Ports a hostile behaviour listens on.
    var hostilePorts: [UInt16]?
    /// The page a honeypot sends to everything.
    var honeypotBody: String?
    /// For a UPnP router: the enabled TCP mappings it forwards to lab peers, so the lab can expect `internet-exposed` there.
    var exposes: Exposures?
    /// What it says to the internet, for the demo's traffic capture.
    var phoneHome: LabPhoneHome?

    struct Exposures: Sendable, Codable {
        struct Mapping: Sendable, Codable {
            /// The peer's offset from this device (`{labPeer:+N}`).
            var peer: Int
            /// The real (un-offset) internal port.
            var port: UInt16
        }

        var source: String
        var mappings: [Mapping]
    }

    var kind: Behaviour { Behaviour(rawValue: behaviour ?? "device") ?? .device }

    enum Behaviour: String, Sendable {
        case device, silent, trickle, flood, honeypot
        /// Served from `http` routes like a device, but hostile: its routes send `MalformedXML` documents.
        case malformedXML = "malformed-xml"
    }

    struct Credentials: Sendable, Codable {
        var user: String
        var password: String
        /// Why this password: a lab password, or a vendor default kept on purpose.
        var note: String
    }

    struct Lockout: Sendable, Codable {
        var maxFailures: Int
        var lockSeconds: Int
        var source: String
    }

    /// One reply with its status line, headers in wire order and body; strings may hold `{placeholders}`.
    struct Reply: Sendable, Codable {
        /// `HTTP/1.0`, `HTTP/1.1` or `RTSP/1.0`; the service default when absent.
        var version: String?
        var status: Int
        var reason: String
        /// `[name, value]` pairs exactly as sent. `{challenge}` as a value expands to one line per challenge.
        var headers: [[String]]
        var body: String?
        /// A binary body (a JPEG), base64; sent as bytes instead of `body`, with no placeholder filling.
        var bodyBase64: String?
    }

    struct HTTPRoute: Sendable, Codable {
        /// nil matches every method.
        var method: String?
        var path: String
        /// When true, `path` matches as a prefix.
        var prefix: Bool?
        /// When set, the query string must contain this text (e.g. `action=getDeviceType`).
        var queryContains: String?
        /// When set, the request body must contain this text (e.g. a JSON-RPC method name).
        var bodyContains: String?
        /// When true the route needs Digest/Basic credentials.
        var auth: Bool?
        /// A query parameter whose base64 `user:anything` value skips authentication (CVE-2017-7921 firmware).
        var authBypassQuery: String?
        /// A coded behaviour: `onvif`, `dahua-rpc2-login`, `query-credentials` (Foscam CGI), `reolink-login`,
        /// `reolink-token`, `reolink-logout` (see DeviceResponder+VendorLogin), `mjpeg` (the reply's headers, then `mjpegParts` parts of
        /// its `bodyBase64` JPEG as `multipart/x-mixed-replace`, and the connection is held open).
        var handler: String?
        /// Parts an `mjpeg` route sends before holding the connection (default 2).
        var mjpegParts: Int?
        /// For `handler: "malformed-xml"`: which `MalformedXML` document (`billion-laughs`, `deep-nesting`, `unclosed`,
        /// `huge-attribute`, `invalid-utf8`) the reply carries as its body, built around `xmlElement`.
        var xmlDocument: String?
        /// The qualified element name the malformed document is built around (default `tds:Manufacturer`).
        var xmlElement: String?
        /// When set, every request this route answers is counted under this tag in the lab's activity log
        /// (e.g. `CVE-2021-36260:endpoint`, `intrusive:CVE-2021-33044`).
        var record: String?
        var reply: Reply?
        var unauthorized: Reply?
        var locked: Reply?
    }

    struct HTTPService: Sendable, Codable {
        var ports: [UInt16]
        var tlsPorts: [UInt16]?
        /// Base name of the PEM pair in `Profiles/certificates`.
        var certificate: String?
        var version: String
        /// WWW-Authenticate values, in order; `{nonce:<style>}` issues a fresh nonce.
        var challenges: [String]?
        var realm: String?
        var routes: [HTTPRoute]
        var notFound: Reply
        var unauthorized: Reply?
        var locked: Reply?
    }

    struct RTSPRoute: Sendable, Codable {
        /// nil matches every method.
        var method: String?
        /// The resource path (`/Streaming/Channels/101`, without `rtsp://host:port`); nil matches every path.
        var path: String?
        /// When true, `path` matches as a prefix.
        var prefix: Bool?
        /// When set, the query string must contain this text (e.g. `channel=1`).
        var queryContains: String?
        /// Counted under this tag in the lab's activity log, as for HTTP routes.
        var record: String?
        var auth: Bool?
        /// `rtp-play`: after the reply, send one interleaved RTP packet on channel 0 (payload type 96).
        var handler: String?
        var reply: Reply
    }

    struct RTSPService: Sendable, Codable {
        var port: UInt16
        var realm: String?
        var challenges: [String]?
        var routes: [RTSPRoute]
        var unauthorized: Reply?
    }

    struct Banner: Sendable, Codable {
        var port: UInt16
        /// Bytes sent on connect, as hex; empty or absent for a silent listener.
        var hex: String?
        /// Text sent on connect.
        var text: String?
        var note: String?
    }

    struct ONVIFService: Sendable, Codable {
        var manufacturer: String
        var model: String
        var firmwareVersion: String
        var serialNumber: String
        var hardwareId: String
        /// Old firmware answered GetDeviceInformation without WS-Security.
        var deviceInformationWithoutAuth: Bool
        /// HTTP status of the NotAuthorized fault (400 per the ONVIF spec, 401 on many devices).
        var unauthorizedStatus: Int
        /// `[name, value]` headers of every ONVIF reply before Content-Length.
        var headers: [[String]]
    }

    /// Replies of Dahua's `/RPC2_Login` (JSON templates with `{random}`, `{session}`, `{realm}`, `{mac}`).
    struct DahuaLogin: Sendable, Codable {
        var realm: String
        var challenge: String
        var success: String
        var wrongPassword: String
        var locked: String
        var headers: [[String]]
    }
}
