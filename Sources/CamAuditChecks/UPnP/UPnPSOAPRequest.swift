import CamAuditProbes

/// The bytes of one UPnP control request (SOAP 1.1 over HTTP POST, UPnP Device Architecture 1.0 §3.2).
enum UPnPSOAPRequest {
    /// A POST of `action` with its in arguments; `serviceType` is one of `IGDDescription.connectionServiceTypes`,
    /// never device text, so nothing the router sent ends up in a header.
    static func bytes(action: String, serviceType: String, arguments: [(name: String, value: String)], to location: UPnPLocation) -> [UInt8]
    {
        let argumentXML = arguments.map { "<\($0.name)>\($0.value)</\($0.name)>" }.joined()
        let body =
            "<?xml version=\"1.0\"?>\r\n"
            + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">"
            + "<s:Body><u:\(action) xmlns:u=\"\(serviceType)\">\(argumentXML)</u:\(action)></s:Body></s:Envelope>\r\n"
        let head =
            "POST \(location.path) HTTP/1.1\r\nHost: \(HTTPRequestText.authority(location.host, location.port))\r\n"
            + "User-Agent: \(HTTPRequestText.userAgent)\r\nContent-Type: text/xml; charset=\"utf-8\"\r\n"
            + "SOAPAction: \"\(serviceType)#\(action)\"\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
        return Array((head + body).utf8)
    }
}
