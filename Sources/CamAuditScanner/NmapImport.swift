import CamAuditCore
import CamAuditDiscoveryProtocols
import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The hosts and open TCP ports of an nmap XML run (`nmap -oX`), for `camaudit scan --import`.
///
/// Only `<host>` elements with an `ipv4`/`ipv6` `<address>` and `<port protocol="tcp">` whose
/// `<state state="open"/>` are kept; everything else (scripts, OS guesses, closed ports) is ignored.
public struct NmapImport: Sendable {
    /// Hosts in file order, each with its open TCP ports ascending; hosts without open ports are dropped.
    public var hosts: [(address: IPAddress, openPorts: [UInt16])]

    public static let maximumBytes = 64 << 20
    public static let maximumHosts = 1 << 20

    public init(contentsOf path: String) throws(NmapImportError) {
        let data: Data
        do throws(BoundedFile.Failure) {
            data = try BoundedFile.read(path, maximumBytes: Self.maximumBytes)
        } catch {
            switch error {
            case .tooLarge(let limit): throw NmapImportError.tooLarge(path: path, limit: limit)
            case .unreadable(let reason): throw NmapImportError.unreadable(path: path, reason: reason)
            }
        }
        try self.init(parsing: data)
    }

    public init(parsing data: Data) throws(NmapImportError) {
        // swift-corelibs-foundation's XMLParser stops the process on some malformed documents (see XMLParserHazard).
        if let hazard = XMLParserHazard.first(in: data) {
            let line = 1 + data.prefix(hazard.offset).reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            throw .malformed(line: line, reason: hazard.reason)
        }
        let collector = NmapXMLCollector(maximumHosts: Self.maximumHosts)
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false  // no XXE: the file is input, not a trusted document
        parser.delegate = collector
        let parsed = parser.parse()
        if let limitError = collector.limitError { throw limitError }
        guard parsed else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown parse error"
            throw .malformed(line: parser.lineNumber, reason: reason)
        }
        guard collector.sawNmapRun else { throw .malformed(line: 1, reason: "no <nmaprun> element") }
        // A cut file (nmap still running, disk full) can parse without error on some platforms.
        guard collector.closedNmapRun else { throw .malformed(line: parser.lineNumber, reason: "the file ends before </nmaprun>") }
        hosts = collector.hosts.filter { !$0.openPorts.isEmpty }.map { ($0.address, Array(Set($0.openPorts)).sorted()) }
    }

    /// Every address, checked against the scope guard.
    public func checkedScope(allowPublic: Bool) throws(TargetError) -> TargetSet {
        let scope = ScopeGuard(allowPublic: allowPublic)
        var ranges: [AddressRange] = []
        for host in hosts {
            let range = AddressRange(single: host.address)
            do {
                try scope.check(range)
            } catch {
                throw error.carried(to: "the imported nmap run") { "it names \(host.address), which is out of scope (\($0))" }
            }
            ranges.append(range)
        }
        return TargetSet(including: ranges)
    }
}

/// The `XMLParser` delegate: a local, non-Sendable object used only inside `NmapImport.init`.
private final class NmapXMLCollector: NSObject, XMLParserDelegate {
    var hosts: [(address: IPAddress, openPorts: [UInt16])] = []
    var sawNmapRun = false
    var closedNmapRun = false
    var limitError: NmapImportError?
    private let maximumHosts: Int
    private var inHost = false
    private var address: IPAddress?
    private var openPorts: [UInt16] = []
    private var portNumber: UInt16?
    private var portIsTCP = false

    init(maximumHosts: Int) { self.maximumHosts = maximumHosts }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        switch name {
        case "nmaprun":
            sawNmapRun = true
        case "host":
            inHost = true
            address = nil
            openPorts = []
        case "address" where inHost:
            if let type = attributes["addrtype"], type == "ipv4" || type == "ipv6", address == nil,
                let text = attributes["addr"], let parsed = IPAddress(text)
            {
                address = parsed
            }
        case "port" where inHost:
            portIsTCP = attributes["protocol"] == "tcp"
            portNumber = attributes["portid"].flatMap { UInt16($0) }
        case "state" where inHost:
            if attributes["state"] == "open", portIsTCP, let portNumber, portNumber > 0 { openPorts.append(portNumber) }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "nmaprun":
            closedNmapRun = true
        case "host":
            inHost = false
            guard let address else { return }
            guard hosts.count < maximumHosts else {
                limitError = .tooManyHosts(limit: maximumHosts)
                parser.abortParsing()
                return
            }
            hosts.append((address, openPorts))
        case "port":
            portNumber = nil
            portIsTCP = false
        default:
            break
        }
    }
}
