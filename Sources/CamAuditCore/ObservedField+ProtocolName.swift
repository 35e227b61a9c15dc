extension ObservedField {
    /// The protocol or place a field is read from, as a reader knows it: `SADP` for `sadp.device_description`,
    /// `ISAPI` for `hikvision.isapi`, `HTTP` for `http.title`. Reports name evidence this way in their sentences.
    public var protocolName: String {
        // Longest prefix first: `dahua.rpc2.realm` is RPC2, `http.favicon.md5` is HTTP.
        let names: [(prefix: String, name: String)] = [
            ("hikvision.isapi", "ISAPI"), ("dahua.rpc2", "Dahua RPC2"), ("axis.basic_device_info", "Axis VAPIX"),
            ("sadp", "SADP"), ("dhdiscover", "DHDiscover"), ("onvif", "ONVIF"), ("auth", "authenticated read"),
            ("http", "HTTP"), ("rtsp", "RTSP"), ("tls", "TLS certificate"), ("ssdp", "SSDP"), ("upnp", "UPnP"),
            ("mdns", "mDNS"), ("dhcp", "DHCP"), ("telnet", "telnet"), ("tcp.open_ports", "open ports"), ("tcp", "TCP banner"),
            ("mac", "MAC prefix"),
        ]
        let field = rawValue
        for entry in names where field == entry.prefix || field.hasPrefix(entry.prefix + ".") {
            return entry.name
        }
        return field
    }
}
