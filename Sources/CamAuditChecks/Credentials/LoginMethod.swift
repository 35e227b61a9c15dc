/// One way to log in to a device, found by an unauthenticated request that got a login challenge.
enum LoginMethod: Sendable, Hashable {
    /// A read-only GET behind HTTP Digest or Basic (ISAPI deviceInfo, Dahua magicBox, Axis param.cgi, ...).
    case httpGet(port: UInt16, useTLS: Bool, path: String)
    /// Dahua `/RPC2_Login` two-step JSON login, followed at once by `global.logout`.
    case dahuaRPC2(port: UInt16, useTLS: Bool)
    /// ONVIF GetDeviceInformation with a WS-Security UsernameToken.
    case onvif(port: UInt16, useTLS: Bool)
    /// RTSP DESCRIBE behind Digest or Basic.
    case rtspDescribe(port: UInt16, path: String)
    /// Reolink `POST /api.cgi?cmd=Login` (JSON, token answer), followed at once by `cmd=Logout`
    /// (Reolink "Camera HTTP API User Guide" v7; starkillerOG/reolink_aio).
    case reolinkAPI(port: UInt16, useTLS: Bool, path: String)
    /// Foscam HD `GET /cgi-bin/CGIProxy.fcgi?cmd=getDevInfo&usr=..&pwd=..`, a read-only command whose
    /// `<result>` says 0 (accepted) or -2 (refused) (Foscam "IP Camera CGI User Guide").
    case foscamCGI(port: UInt16, useTLS: Bool)

    /// How the method reads in evidence: `HTTP GET /ISAPI/System/deviceInfo on port 80`.
    var label: String {
        switch self {
        case .httpGet(let port, let useTLS, let path): return "\(useTLS ? "HTTPS" : "HTTP") GET \(path) on port \(port)"
        case .dahuaRPC2(let port, _): return "Dahua RPC2 login (POST /RPC2_Login) on port \(port)"
        case .onvif(let port, _): return "ONVIF GetDeviceInformation with WS-UsernameToken on port \(port)"
        case .rtspDescribe(let port, let path): return "RTSP DESCRIBE \(path) on port \(port)"
        case .reolinkAPI(let port, _, let path): return "Reolink API login (POST \(path)?cmd=Login, then Logout) on port \(port)"
        case .foscamCGI(let port, _): return "Foscam CGI getDevInfo (/cgi-bin/CGIProxy.fcgi) on port \(port)"
        }
    }
}
