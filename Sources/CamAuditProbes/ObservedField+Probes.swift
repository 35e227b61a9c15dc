import CamAuditCore

extension ObservedField {
    /// Header names exactly as sent, in order, joined by `,` (Dahua's upper-case names are a fingerprint).
    public static let httpHeaderNames: ObservedField = "http.header_names"
    /// The status of one request, as `GET /path -> 401`.
    public static let httpStatus: ObservedField = "http.status"
    /// The `Location` of a redirect, as sent.
    public static let httpLocation: ObservedField = "http.location"
    /// The status of one RTSP request, as `DESCRIBE rtsp://host:port/route -> 401`.
    public static let rtspStatus: ObservedField = "rtsp.status"
    /// The device clock from ONVIF `GetSystemDateAndTime`, as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    public static let onvifSystemDateAndTime: ObservedField = "onvif.system_date_and_time"
    public static let axisBasicDeviceInfo: ObservedField = "axis.basic_device_info"
}
