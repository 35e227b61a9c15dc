import CamAuditCore
import CamAuditProbes
import NIOCore

/// Reads a UPnP IGD router's port-mapping table with read-only SOAP actions.
///
/// Only `GetExternalIPAddress` and `GetGenericPortMappingEntry` are sent: both are queries in the
/// WANIPConnection templates, so the router's state is never changed. Every answer is size-capped, every
/// request has the step deadline, and the whole listing has an entry limit and a time budget, because a
/// broken or hostile router may never send the 713 fault that ends the table.
public struct PortMappingReader: Sendable {
    /// At most this many `GetGenericPortMappingEntry` requests per router.
    public let maximumEntries: Int
    /// Malformed entries in a row after which the listing stops (a router that answers garbage forever).
    public let maximumMalformedInARow: Int
    private let descriptionClient: WireClient
    private let controlClient: WireClient
    private static let maximumNotes = 12

    /// `maximumDescriptionBytes` caps the description document, `maximumAnswerBytes` each SOAP answer.
    public init(
        eventLoopGroup: any EventLoopGroup, maximumEntries: Int = 256, maximumDescriptionBytes: Int = 64 * 1024,
        maximumAnswerBytes: Int = 16 * 1024, maximumMalformedInARow: Int = 8
    ) {
        self.maximumEntries = max(1, maximumEntries)
        self.maximumMalformedInARow = max(1, maximumMalformedInARow)
        descriptionClient = WireClient(eventLoopGroup: eventLoopGroup, maxHeaderBytes: 16 * 1024, maxBodyBytes: maximumDescriptionBytes)
        controlClient = WireClient(eventLoopGroup: eventLoopGroup, maxHeaderBytes: 16 * 1024, maxBodyBytes: maximumAnswerBytes)
    }

    /// The description document at `location`, parsed; nil with the reason when it could not be read.
    public func fetchDescription(_ location: UPnPLocation, stepTimeout: Duration) async -> (description: IGDDescription?, problem: String?)
    {
        let request = HTTPRequestText.http(method: "GET", path: location.path, host: location.host, port: location.port)
        let answer = await descriptionClient.send(request.bytes, to: location.host, port: location.port, deadline: .now + stepTimeout)
        guard let response = answer.response else { return (nil, "no description from \(location): \(answer.problem ?? "no answer")") }
        guard response.status == 200 else { return (nil, "the description at \(location) answered HTTP \(response.status)") }
        let description = IGDDescription.parse(String(decoding: response.body, as: UTF8.self))
        if description.connectionServices.isEmpty {
            let cut = response.isBodyTruncated ? " (the document was cut at \(descriptionClient.maxBodyBytes) bytes)" : ""
            return (description, "the description at \(location) lists no WANIPConnection or WANPPPConnection control URL\(cut)")
        }
        return (description, nil)
    }

    /// Fetches the description at `location`, then lists the port mappings of its first WAN connection
    /// service that has any (WANIPConnection:2, :1, then WANPPPConnection:1), within `budget`.
    /// `known` is a description already fetched from `location` (no second request then).
    public func read(description location: UPnPLocation, stepTimeout: Duration, budget: Duration, known: IGDDescription? = nil) async
        -> RouterPortMappings
    {
        let end = ContinuousClock.now + budget
        var table = RouterPortMappings(descriptionURL: location.description, address: location.host)
        var fetched = known
        var problem: String? =
            known.map { $0.connectionServices.isEmpty ? "the description at \(location) lists no WAN connection control URL" : nil } ?? nil
        if known == nil {
            (fetched, problem) = await fetchDescription(location, stepTimeout: stepTimeout)
            table.requestsSent = 1
        }
        table.deviceType = fetched?.rootDeviceType.map { UPnPLocation.clipped($0) }
        guard let description = fetched, problem == nil else {
            table.endedBy = problem ?? "no description"
            return table
        }
        if !description.isInternetGateway {
            table.notes.append(
                "the root device of \(location) is '\(table.deviceType ?? "unnamed")', not an InternetGatewayDevice; its WAN connection service is read anyway"
            )
        }
        var base = location
        if let urlBase = description.urlBase {
            do { base = try location.resolving(urlBase) } catch { table.notes.append("URLBase ignored: \(error)") }
        }
        for service in description.connectionServices.prefix(2) {
            let control: UPnPLocation
            do { control = try base.resolving(service.controlURL) } catch {
                table.notes.append("controlURL of \(service.serviceType) refused: \(error)")
                continue
            }
            table.serviceType = service.serviceType
            table.controlURL = control.description
            await readTable(into: &table, control: control, serviceType: service.serviceType, stepTimeout: stepTimeout, end: end)
            // A router with both IP and PPP services keeps its mappings on the one in use: try the next only when this one is empty.
            if !table.mappings.isEmpty { break }
        }
        if table.controlURL == nil { table.endedBy = "no usable control URL" }
        return table
    }

    private func readTable(
        into table: inout RouterPortMappings, control: UPnPLocation, serviceType: String, stepTimeout: Duration,
        end: ContinuousClock.Instant
    ) async {
        func deadline() -> ContinuousClock.Instant { min(.now + stepTimeout, end) }
        var dropped = 0
        func note(_ text: String) {
            if table.notes.count < Self.maximumNotes { table.notes.append(text) } else { dropped += 1 }
        }
        defer { if dropped > 0 { table.notes.append("\(dropped) more notes about this table left out") } }
        // The external address only enriches the report: its failure does not stop the listing.
        if ContinuousClock.now < end {
            let request = UPnPSOAPRequest.bytes(action: "GetExternalIPAddress", serviceType: serviceType, arguments: [], to: control)
            let answer = await controlClient.send(request, to: control.host, port: control.port, deadline: deadline())
            table.requestsSent += 1
            if let response = answer.response,
                case .values(let values) = UPnPSOAPAnswer.parse(
                    status: response.status, body: String(decoding: response.body, as: UTF8.self),
                    action: "GetExternalIPAddress", arguments: ["NewExternalIPAddress"]),
                let address = values["NewExternalIPAddress"], !address.isEmpty
            {
                table.externalIPAddress = UPnPLocation.clipped(address)
            } else {
                note("GetExternalIPAddress on \(control) gave no address")
            }
        }
        var malformedInARow = 0
        var seenKeys: Set<String> = []
        var repeats = 0
        defer {
            if repeats > 0 { table.notes.append("\(repeats) entries repeated a mapping already listed (same external port and protocol)") }
        }
        table.complete = false
        for index in 0..<maximumEntries {
            guard ContinuousClock.now < end else {
                table.endedBy = "the time budget ran out after \(index) entries"
                return
            }
            let request = UPnPSOAPRequest.bytes(
                action: "GetGenericPortMappingEntry", serviceType: serviceType,
                arguments: [("NewPortMappingIndex", String(index))], to: control)
            let answer = await controlClient.send(request, to: control.host, port: control.port, deadline: deadline())
            table.requestsSent += 1
            guard let response = answer.response else {
                table.endedBy = "entry \(index) got no answer: \(answer.problem ?? "nothing read")"
                return
            }
            if response.isBodyTruncated {
                table.endedBy = "entry \(index) answered more than \(controlClient.maxBodyBytes) bytes"
                return
            }
            let parsed = UPnPSOAPAnswer.parse(
                status: response.status, body: String(decoding: response.body, as: UTF8.self),
                action: "GetGenericPortMappingEntry", arguments: PortMapping.entryArguments)
            switch parsed {
            case .fault(let code, let description):
                // 713 SpecifiedArrayIndexInvalid is the protocol's end of table; some routers send 402 Invalid Args instead.
                table.complete = code == 713 || code == 402
                table.endedBy = "fault \(code.map(String.init) ?? "without a code") \(description ?? "") at index \(index)"
                return
            case .httpError(let status):
                table.endedBy = "HTTP \(status) without a UPnP fault at index \(index)"
                return
            case .malformed(let reason):
                malformedInARow += 1
                note("entry \(index) is malformed: \(reason)")
            case .values(let values):
                do {
                    let mapping = try PortMapping.fromEntry(values, index: index)
                    malformedInARow = 0
                    // (remote host, external port, protocol) is the table's key: a repeat is a broken table, kept once.
                    let key = "\(mapping.remoteHost)|\(mapping.externalPort)|\(mapping.protocol)"
                    if seenKeys.insert(key).inserted { table.mappings.append(mapping) } else { repeats += 1 }
                } catch {
                    malformedInARow += 1
                    note(error.description)
                }
            }
            if malformedInARow >= maximumMalformedInARow {
                table.endedBy = "stopped after \(malformedInARow) malformed entries in a row"
                return
            }
        }
        table.endedBy = "stopped at the limit of \(maximumEntries) entries: the router never ended its table"
    }
}
