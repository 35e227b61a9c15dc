import CamAuditCore
import Foundation

/// The destinations cameras phone home to (`data/cloud-endpoints.json`), loaded with every problem reported as a diagnostic.
public struct CloudEndpointCatalog: Sendable {
    public let endpoints: [CloudEndpoint]

    public init(endpoints: [CloudEndpoint]) {
        self.endpoints = endpoints
    }

    /// The file as written; fields stay text so that one bad entry is a diagnostic naming it, not a failed decode of the file.
    private struct File: Decodable {
        var description: String?
        var endpoints: [RawEntry]
    }

    private struct RawEntry: Decodable {
        var id: String
        var vendor: String?
        var `operator`: String?
        var service: String?
        var kind: String?
        var names: [String]?
        var suffixes: [String]?
        var appNames: [String]?
        var addresses: [String]?
        var asns: [Int]?
        var signatures: [RawSignature]?
        var ports: [RawPort]?
        var region: String?
        var confidence: String?
        var source: String?
    }

    private struct RawSignature: Decodable {
        var transport: String?
        var ports: [Int]?
        var payloadPrefixes: [String]?
        var minimumLength: Int?
        var unnamedOnly: Bool?
        var description: String?
    }

    private struct RawPort: Decodable {
        var port: Int
        var transport: String
        var note: String?
    }

    /// The file name inside a catalog folder.
    public static let fileName = "cloud-endpoints.json"

    /// The bundled file, if the resources are present.
    public static var bundledFile: URL? {
        FingerprintCatalog.bundledDirectory?.appendingPathComponent(fileName)
    }

    /// Reads and checks one file; entries with errors are left out of the catalog and reported.
    /// Vendors are checked against `vocabulary` when given.
    public static func load(file url: URL, vocabulary: Vocabulary? = nil) -> (CloudEndpointCatalog, [CatalogDiagnostic]) {
        var diagnostics: [CatalogDiagnostic] = []
        guard
            let (source, data) = SourceText.read(
                url, problem: { diagnostics.append(CatalogDiagnostic(path: url.path, line: 1, message: $0)) })
        else {
            return (CloudEndpointCatalog(endpoints: []), diagnostics)
        }
        let file: File
        switch CatalogJSON.decode(File.self, from: data, source: source) {
        case .success(let decoded): file = decoded
        case .failure(let failure):
            return (CloudEndpointCatalog(endpoints: []), [CatalogDiagnostic(path: url.path, line: failure.line, message: failure.message)])
        }
        var endpoints: [CloudEndpoint] = []
        var ids = EntryRules.IDs()
        var ownerOfName: [String: String] = [:]
        var ownerOfSuffix: [String: String] = [:]
        var ownerOfASN: [Int: String] = [:]
        for entry in file.endpoints {
            let line = source.lines(ofKey: "id", value: entry.id).first ?? 1
            var problems: [String] = []
            if let message = ids.duplicate(entry.id) { problems.append(message) }
            if entry.id.isEmpty || !entry.id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d }) {
                problems.append("the id must be lowercase letters, digits and dashes")
            }
            let kind = entry.kind.flatMap(CloudEndpoint.Kind.init(rawValue:))
            if kind == nil {
                problems.append(
                    "kind \"\(entry.kind ?? "")\" is not one of \(CloudEndpoint.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let confidence = entry.confidence.flatMap(CloudEndpoint.Confidence.init(rawValue:))
            if confidence == nil { problems.append("confidence \"\(entry.confidence ?? "")\" is not high, medium or low") }
            for (field, value) in [("operator", entry.operator), ("service", entry.service), ("source", entry.source)]
            where (value ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(field == "source" ? (EntryRules.emptySource(value) ?? "source is blank") : "\(field) is empty")
            }
            if let vendor = entry.vendor, let vocabulary {
                if let problem = EntryRules.vendor(vendor, in: vocabulary) {
                    problems.append(
                        problem.message("vendor", vendor)
                            + (problem == .unknown ? " (or leave vendor out and name the operator instead)" : ""))
                }
            }
            func checkedNames(_ list: [String], field: String, owners: inout [String: String]) -> [String] {
                list.compactMap { text in
                    guard let name = CloudEndpoint.normalizedHostName(text), name == text, name.contains(".") else {
                        problems.append(
                            "\(field) \"\(text)\" is not a lowercase DNS name with at least two labels (no wildcard, no trailing dot)")
                        return nil
                    }
                    if let owner = owners[name] {
                        problems.append("\(field) \"\(name)\" is already listed by \"\(owner)\"")
                    } else {
                        owners[name] = entry.id
                    }
                    return name
                }
            }
            let names = checkedNames(entry.names ?? [], field: "name", owners: &ownerOfName)
            let suffixes = checkedNames(entry.suffixes ?? [], field: "suffix", owners: &ownerOfSuffix)
            // App-side names share the exact-name namespace: one host name is either the device's or the app's.
            let appNames = checkedNames(entry.appNames ?? [], field: "app name", owners: &ownerOfName)
            let addresses: [IPAddress] = (entry.addresses ?? []).compactMap { text in
                guard let address = IPAddress(text), address.description == text else {
                    problems.append("address \"\(text)\" is not an IP address in canonical form")
                    return nil
                }
                if AddressScope(of: address) != .global {
                    problems.append("address \(text) is not a public address; local destinations are never a cloud")
                }
                return address
            }
            // 0, 23456 (AS_TRANS) and the private and reserved ranges never name a network owner.
            let asns: [Int] = (entry.asns ?? []).compactMap { number in
                guard (1...4_294_967_294).contains(number), number != 23456, !(64496...131071).contains(number),
                    !(4_200_000_000...4_294_967_294).contains(number)
                else {
                    problems.append("asn \(number) is not a public autonomous system number")
                    return nil
                }
                if let owner = ownerOfASN[number] {
                    problems.append("asn \(number) is already listed by \"\(owner)\"")
                    return nil
                }
                ownerOfASN[number] = entry.id
                return number
            }
            let signatures: [CloudEndpoint.Signature] = (entry.signatures ?? []).enumerated().compactMap { index, raw in
                let label = "signature \(index + 1)"
                guard let transport = raw.transport.flatMap(CloudEndpoint.Transport.init(rawValue:)) else {
                    problems.append("\(label): transport \"\(raw.transport ?? "")\" is not tcp or udp")
                    return nil
                }
                let ports = raw.ports ?? []
                guard !ports.isEmpty, ports.allSatisfy({ (1...65535).contains($0) }) else {
                    problems.append("\(label): ports must list at least one port from 1 to 65535")
                    return nil
                }
                var prefixes: [[UInt8]] = []
                for hex in raw.payloadPrefixes ?? [] {
                    guard let bytes = Self.bytes(hex: hex), !bytes.isEmpty else {
                        problems.append("\(label): payload prefix \"\(hex)\" is not an even number of hex digits")
                        return nil
                    }
                    prefixes.append(bytes)
                }
                let minimumLength = raw.minimumLength ?? 0
                if minimumLength < 0 || minimumLength > 65535 { problems.append("\(label): minimumLength must be 0 to 65535") }
                // Each prefix is compared only when the payload is long enough, so a short minimumLength is harmless.
                if (raw.description ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append("\(label): the description is empty")
                }
                let unnamedOnly = raw.unnamedOnly ?? false
                if unnamedOnly, !prefixes.isEmpty {
                    problems.append("\(label): unnamedOnly is for port-only signatures; a payload prefix is evidence whatever the name")
                }
                return CloudEndpoint.Signature(
                    transport: transport, ports: ports.map { UInt16(clamping: $0) }, payloadPrefixes: prefixes,
                    minimumLength: max(0, minimumLength), unnamedOnly: unnamedOnly, description: raw.description ?? "")
            }
            let ports: [CloudEndpoint.ServicePort] = (entry.ports ?? []).compactMap { raw in
                guard (1...65535).contains(raw.port), let transport = CloudEndpoint.Transport(rawValue: raw.transport) else {
                    problems.append("port \(raw.port)/\(raw.transport) is not a port from 1 to 65535 over tcp or udp")
                    return nil
                }
                return CloudEndpoint.ServicePort(port: UInt16(raw.port), transport: transport, note: raw.note ?? "")
            }
            if names.isEmpty, suffixes.isEmpty, addresses.isEmpty, asns.isEmpty, signatures.isEmpty, appNames.isEmpty, problems.isEmpty {
                problems.append("the entry has no names, suffixes, app names, addresses, asns or signatures, so nothing can match it")
            }
            guard problems.isEmpty, let kind, let confidence else {
                diagnostics += problems.map { CatalogDiagnostic(path: url.path, line: line, message: "\"\(entry.id)\": \($0)") }
                continue
            }
            endpoints.append(
                CloudEndpoint(
                    id: entry.id, vendor: entry.vendor, operatorName: entry.operator ?? "", service: entry.service ?? "", kind: kind,
                    names: names, suffixes: suffixes, appNames: appNames, addresses: addresses, asns: asns, signatures: signatures,
                    ports: ports,
                    region: entry.region, confidence: confidence, source: entry.source ?? ""))
        }
        return (CloudEndpointCatalog(endpoints: endpoints), diagnostics)
    }

    /// The list shipped with the program (loaded once per process).
    public static func bundled() throws(CatalogError) -> CloudEndpointCatalog {
        try bundledResult.get()
    }

    private static let bundledResult: Result<CloudEndpointCatalog, CatalogError> = {
        guard let url = bundledFile, FileManager.default.fileExists(atPath: url.path) else { return .failure(.resourcesMissing) }
        let (catalog, diagnostics) = load(file: url, vocabulary: (try? FingerprintCatalog.bundled())?.vocabulary)
        let errors = diagnostics.filter { $0.severity == .error }
        return errors.isEmpty ? .success(catalog) : .failure(.invalidData(errors))
    }()

    /// Bytes of a hex string such as `f1` or `4448474554`; nil if it is not whole bytes of hex.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: return digit - 0x30
        case 0x61...0x66: return digit - 0x61 + 10
        case 0x41...0x46: return digit - 0x41 + 10
        default: return nil
        }
    }
}
