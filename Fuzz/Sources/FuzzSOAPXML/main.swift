import CamAuditChecks
import CamAuditDiscoveryProtocols
import CamAuditProbes

// The XML a device or router answers over HTTP: ONVIF/ISAPI SOAP read element by element, a UPnP
// device description (the router's and a camera's), a UPnP SOAP answer, and the URLs they name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSOAPXML(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    for name in ["Manufacturer", "Model", "FirmwareVersion", "SerialNumber", "HardwareId", "deviceType"] {
        _ = XMLElementTextExtractor.texts(of: name, in: text)
    }
    _ = XMLElementTextExtractor.text(of: "Envelope", in: text)
    let description = IGDDescription.parse(text)
    if let location = try? UPnPLocation(parsing: "http://127.0.0.1:49152/rootDesc.xml") {
        for service in description.connectionServices { _ = try? location.resolving(service.controlURL) }
        if let base = description.urlBase { _ = try? UPnPLocation(parsing: base) }
    }
    _ = UDPReplyParser.readDeviceDescription(text, port: 49152)
    for status in [200, 500] {
        let answer = UPnPSOAPAnswer.parse(
            status: status, body: text, action: "GetGenericPortMappingEntry", arguments: PortMapping.entryArguments)
        if case .values(let values) = answer { _ = try? PortMapping.fromEntry(values, index: 0) }
    }
    return 0
}
