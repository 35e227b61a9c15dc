/// One extra, read-only HTTP request sent to every web port after `GET /`, kept as data with its source.
///
/// Decision: these are sent on every web port, not only when the root page hints a vendor. They are
/// harmless pre-auth requests (no credentials, nothing is changed), and relabelled OEM firmware often
/// hides the vendor on the root page; a 401 or a typed error body on a vendor path is itself evidence.
public struct WebProbeRequest: Sendable {
    /// What to record from the answer.
    public enum Capture: Sendable, Equatable {
        /// `http.status` and `http.auth_realm` only.
        case status
        /// Favicon MD5 and mmh3 (on a 200 with a body).
        case favicon
        /// `http.body` and `http.title`, like the root page.
        case page
        /// `hikvision.isapi` when the body contains the marker.
        case hikvisionISAPI(marker: String)
        /// `dahua.rpc2` and `dahua.rpc2.realm` from a JSON challenge.
        case dahuaRPC2
        /// `onvif.system_date_and_time` from a SOAP answer.
        case onvifSystemDateAndTime
        /// `onvif.device_information` from a SOAP answer that needed no credentials.
        case onvifDeviceInformation
        /// `axis.basic_device_info` from an unauthenticated VAPIX Basic Device Information answer.
        case axisBasicDeviceInfo
    }

    public var method: String
    public var path: String
    public var contentType: String?
    public var body: String?
    /// A short label added to the probe name, e.g. the SOAP operation.
    public var label: String?
    public var capture: Capture
    public var source: String

    /// The `probe` string of observations, e.g. `GET /favicon.ico` or `POST /onvif/device_service GetDeviceInformation`.
    public var probeName: String {
        "\(method) \(path)" + (label.map { " \($0)" } ?? "")
    }

    static func soap(_ operation: String, capture: Capture, source: String) -> WebProbeRequest {
        let envelope = """
            <?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">\
            <s:Body><\(operation) xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>
            """
        return WebProbeRequest(
            method: "POST", path: "/onvif/device_service",
            contentType: "application/soap+xml; charset=utf-8; action=\"http://www.onvif.org/ver10/device/wsdl/\(operation)\"",
            body: envelope, label: operation, capture: capture, source: source)
    }

    /// The requests, in the order they are sent.
    public static let all: [WebProbeRequest] = [
        WebProbeRequest(
            method: "GET", path: "/favicon.ico", capture: .favicon,
            source:
                "favicon hashes: MD5 in rapid7/recog@14fa1a7211e7 favicons.xml and jorhelp/Ingram@c5258e0d2cf0 Ingram/rules.csv, mmh3 in securifera/nuclei-templates@0b5320b47f18 http/technologies/favicon-detect.yaml"
        ),
        WebProbeRequest(
            method: "GET", path: "/doc/page/login.asp", capture: .page,
            source:
                "Hikvision login page: securifera/nuclei-templates@0b5320b47f18 http/technologies/hikvision-detect.yaml ('Hikvision Digital Technology' in /doc/page/login.asp); rapid7/metasploit-framework@1c433de4ba66 modules/exploits/linux/http/hikvision_cve_2021_36260_blind.rb check() (root page redirects to /doc/page/login.asp?_)"
        ),
        WebProbeRequest(
            method: "GET", path: "/ISAPI/Security/sessionLogin/capabilities?username=admin",
            capture: .hikvisionISAPI(marker: "SessionLoginCap"),
            source:
                "Hikvision ISAPI developer guide (Intelligent Security API): GET /ISAPI/Security/sessionLogin/capabilities, asked before the session login"
        ),
        WebProbeRequest(
            method: "POST", path: "/RPC2_Login", contentType: "application/json",
            body:
                #"{"method":"global.login","params":{"userName":"admin","password":"","clientType":"Web3.0","loginType":"Direct"},"id":1}"#,
            capture: .dahuaRPC2,
            source:
                "Dahua RPC2 login step 1: asks for a challenge, sends no password (Greenbone NVT 'Amcrest Technologies IP Camera Default Credentials', OID 1.3.6.1.4.1.25623.1.0.114085, 2019-03-15; mcw0/DahuaConsole@5f8f35b13437 net.py)"
        ),
        soap(
            "GetSystemDateAndTime", capture: .onvifSystemDateAndTime,
            source: "ONVIF Core Specification: GetSystemDateAndTime is in access class PRE_AUTH, answered without credentials"),
        soap(
            "GetDeviceInformation", capture: .onvifDeviceInformation,
            source: "ONVIF Core Specification: GetDeviceInformation (access class READ_SYSTEM) needs WS-Security on most devices"),
        WebProbeRequest(
            method: "GET", path: "/stw-cgi/system.cgi?msubmenu=deviceinfo&action=view", capture: .status,
            source:
                "Hanwha Techwin SUNAPI: system.cgi msubmenu=deviceinfo action=view behind Digest; a 401/403 on this SUNAPI path is taken as Hanwha evidence (our rule)"
        ),
        WebProbeRequest(
            method: "GET", path: "/LAPI/V1.0/System/DeviceBasicInfo", capture: .page,
            source:
                "Uniview LiteAPI (LAPI): unauthenticated answer is a typed JSON Response with StatusCode 401 (the exact body: lab assumption, no public sample)"
        ),
        WebProbeRequest(
            method: "GET", path: "/axis-cgi/param.cgi?action=list&group=root.Brand", capture: .page,
            source:
                "Axis VAPIX parameter management: param.cgi action=list group=root.Brand (answer as in Kane610/axis@79a90b42c839 tests/parameters/test_brand.py)"
        ),
        WebProbeRequest(
            method: "POST", path: "/axis-cgi/basicdeviceinfo.cgi", contentType: "application/json",
            body: #"{"apiVersion":"1.0","method":"getAllUnrestrictedProperties"}"#, label: "getAllUnrestrictedProperties",
            capture: .axisBasicDeviceInfo,
            source:
                "Axis VAPIX Basic device information (developer.axis.com/vapix/network-video/basic-device-information): getAllUnrestrictedProperties identifies a device before it is configured; anonymous access is on by default (AXIS OS 8.40+). Read-only."
        ),
        // Firmware older than basicdeviceinfo still names its model here without login.
        WebProbeRequest(
            method: "GET", path: "/axis-cgi/prod_brand_info/getbrand.cgi", capture: .page,
            source:
                "Greenbone NVT 'Axis Devices Detection (HTTP)' (OID 1.3.6.1.4.1.25623.1.0.114027, 2023-02-03): unauthenticated fallback when basicdeviceinfo is absent. Read-only."
        ),
        // Foscam HD answers its CGI with a typed <CGI_Result> even without usr/pwd (no login is
        // attempted: no credentials are sent, getDevInfo only reads).
        WebProbeRequest(
            method: "GET", path: "/cgi-bin/CGIProxy.fcgi?cmd=getDevInfo", capture: .page,
            source:
                "Foscam IPCamera CGI User Guide (2015-11-06): CGIProxy.fcgi answers <CGI_Result><result>N</result>, -2 when usr/pwd are missing or wrong. Read-only."
        ),
        // Foscam's MJPEG firmware (Server: Netwave IP Camera) and its clones give id (MAC) and
        // system firmware here without login: the only pre-auth firmware source on those units.
        WebProbeRequest(
            method: "GET", path: "/get_status.cgi", capture: .page,
            source:
                "Shekyan and Harutyunyan, 'To Watch or Be Watched: Turning Your Surveillance Camera Against You', HITB Amsterdam 2013 (var sys_ver read from an unauthenticated GET /get_status.cgi). Read-only."
        ),
    ]
}
