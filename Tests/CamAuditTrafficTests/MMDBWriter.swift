import CamAuditCore
import Foundation

/// Writes small MaxMind DB (.mmdb) files for the GeoIP tests, following the public format
/// specification (https://maxmind.github.io/MaxMind-DB/): a binary search tree of 24-bit records,
/// 16 zero bytes, the data section, then "\xAB\xCD\xEFMaxMind.com" and the metadata map.
struct MMDBWriter {
    /// A value in the data section ("Output Data Section" of the spec).
    indirect enum Value {
        case string(String)
        case uint16(UInt16)
        case uint32(UInt32)
        case uint64(UInt64)
        case boolean(Bool)
        case map([(String, Value)])
        case array([Value])
        /// A pointer to an offset in the data section; tests point it anywhere, including past the end.
        case pointer(Int)
    }

    /// What a tree record leads to.
    private enum Record: Equatable {
        case empty
        case node(Int)
        /// Offset into the data section.
        case data(Int)
    }

    var ipVersion = 6
    var databaseType: String
    var buildEpoch: UInt64
    var descriptionText = "camaudit test database, written by MMDBWriter; every network is a documentation range"
    var binaryFormatMajorVersion: UInt16 = 2
    private var networks: [(bits: [Bool], target: Target)] = []

    private enum Target {
        case value(Value)
        case rawDataOffset(Int)
    }

    init(databaseType: String, buildEpoch: UInt64, ipVersion: Int = 6) {
        self.databaseType = databaseType
        self.buildEpoch = buildEpoch
        self.ipVersion = ipVersion
    }

    /// Maps a prefix such as "203.0.113.0/24" or "2001:db8:1::/48" to `value`. In an IPv6 tree an IPv4
    /// prefix is stored under ::/96, as MaxMind's own IPv6 databases do.
    mutating func insert(network: String, _ value: Value) {
        networks.append((bits(of: network), .value(value)))
    }

    /// Makes the tree record for `network` point at `offset` in the data section, whatever is there.
    mutating func insert(network: String, rawDataOffset offset: Int) {
        networks.append((bits(of: network), .rawDataOffset(offset)))
    }

    private func bits(of network: String) -> [Bool] {
        let parts = network.split(separator: "/")
        guard parts.count == 2, let address = IPAddress(parts[0]), let length = Int(parts[1]) else {
            preconditionFailure("test network \(network) is not a prefix")  // test input, written by hand
        }
        var bits: [Bool] = address.bytes.flatMap { byte -> [Bool] in (0..<8).map { byte & (0x80 >> $0) != 0 } }
        if address.isIPv4, ipVersion == 6 { bits = Array(repeating: false, count: 96) + bits }
        let prefixLength = length + (address.isIPv4 && ipVersion == 6 ? 96 : 0)
        return Array(bits.prefix(prefixLength))
    }

    /// The whole file.
    func bytes() -> [UInt8] {
        var data: [UInt8] = []
        var nodes: [[Record]] = [[.empty, .empty]]
        for (bits, target) in networks {
            let offset: Int
            switch target {
            case .value(let value):
                offset = data.count
                data += Self.encode(value)
            case .rawDataOffset(let raw):
                offset = raw
            }
            var node = 0
            for (depth, bit) in bits.enumerated() {
                let side = bit ? 1 : 0
                if depth == bits.count - 1 {
                    nodes[node][side] = .data(offset)
                } else if case .node(let next) = nodes[node][side] {
                    node = next
                } else {
                    nodes.append([.empty, .empty])
                    nodes[node][side] = .node(nodes.count - 1)
                    node = nodes.count - 1
                }
            }
        }
        let nodeCount = nodes.count
        var file: [UInt8] = []
        for node in nodes {
            for record in node {
                let value: Int
                switch record {
                case .empty: value = nodeCount
                case .node(let index): value = index
                case .data(let offset): value = nodeCount + 16 + offset  // spec: "Pointer - Data Section Offset"
                }
                file += [UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
            }
        }
        file += [UInt8](repeating: 0, count: 16)
        file += data
        file += [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)
        file += Self.encode(
            .map([
                ("binary_format_major_version", .uint16(binaryFormatMajorVersion)),
                ("binary_format_minor_version", .uint16(0)),
                ("build_epoch", .uint64(buildEpoch)),
                ("database_type", .string(databaseType)),
                ("description", .map([("en", .string(descriptionText))])),
                ("ip_version", .uint16(UInt16(ipVersion))),
                ("languages", .array([.string("en")])),
                ("node_count", .uint32(UInt32(nodeCount))),
                ("record_size", .uint16(24)),
            ]))
        return file
    }

    /// Encodes one data-section value: a control byte (type in the top 3 bits, size in the low 5),
    /// an extended-type byte for types above 7, size extension bytes, then the payload.
    static func encode(_ value: Value) -> [UInt8] {
        switch value {
        case .string(let text):
            let utf8 = Array(text.utf8)
            return control(type: 2, size: utf8.count) + utf8
        case .uint16(let number): return unsigned(type: 5, UInt64(number))
        case .uint32(let number): return unsigned(type: 6, UInt64(number))
        case .uint64(let number): return unsigned(type: 9, number)
        case .boolean(let flag): return control(type: 14, size: flag ? 1 : 0)
        case .map(let pairs):
            return control(type: 7, size: pairs.count) + pairs.flatMap { encode(.string($0.0)) + encode($0.1) }
        case .array(let elements):
            return control(type: 11, size: elements.count) + elements.flatMap(encode)
        case .pointer(let offset):
            // Spec "Pointer - 1": the size bits pick 11, 19, 27 or 32 value bits, with biases.
            if offset < 2048 {
                return [0x20 | UInt8((offset >> 8) & 0x07), UInt8(offset & 0xFF)]
            } else if offset < 526_336 {
                let value = offset - 2048
                return [0x28 | UInt8((value >> 16) & 0x07), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
            } else if offset < 134_744_064 {
                let value = offset - 526_336
                return [0x30 | UInt8((value >> 24) & 0x07), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
            } else {
                return [0x38] + (0..<4).map { UInt8((offset >> (24 - 8 * $0)) & 0xFF) }
            }
        }
    }

    private static func unsigned(type: Int, _ number: UInt64) -> [UInt8] {
        // Integers are big-endian in as few bytes as needed; zero has no payload bytes.
        var payload = (0..<8).map { UInt8((number >> (56 - 8 * UInt64($0))) & 0xFF) }
        while payload.first == 0 { payload.removeFirst() }
        return control(type: type, size: payload.count) + payload
    }

    private static func control(type: Int, size: Int) -> [UInt8] {
        let typeBits = type <= 7 ? UInt8(type << 5) : 0
        let extended: [UInt8] = type <= 7 ? [] : [UInt8(type - 7)]
        let sizeBytes: [UInt8]
        let sizeBits: UInt8
        if size < 29 {
            sizeBits = UInt8(size); sizeBytes = []
        } else if size < 285 {
            sizeBits = 29; sizeBytes = [UInt8(size - 29)]
        } else if size < 65_821 {
            sizeBits = 30; sizeBytes = [UInt8((size - 285) >> 8), UInt8((size - 285) & 0xFF)]
        } else {
            let rest = size - 65_821
            sizeBits = 31; sizeBytes = [UInt8(rest >> 16), UInt8((rest >> 8) & 0xFF), UInt8(rest & 0xFF)]
        }
        return [typeBits | sizeBits] + extended + sizeBytes
    }

    /// The country database committed as Captures/test-geo.mmdb: two IPv4 networks under ::/96 and one IPv6 network.
    static var testGeo: MMDBWriter {
        var writer = MMDBWriter(databaseType: "camaudit-Test-Country", buildEpoch: 1_700_000_000)
        writer.insert(
            network: "203.0.113.0/24",
            .map([
                ("autonomous_system_number", .uint32(64500)),
                ("autonomous_system_organization", .string("Example Cloud")),
                ("continent", .map([("code", .string("AS")), ("names", .map([("en", .string("Asia"))]))])),
                ("country", .map([("iso_code", .string("CN")), ("names", .map([("en", .string("China")), ("de", .string("China"))]))])),
            ]))
        writer.insert(
            network: "198.51.100.0/24",
            .map([
                ("continent", .map([("code", .string("NA"))])),
                ("country", .map([("iso_code", .string("US")), ("names", .map([("en", .string("United States"))]))])),
            ]))
        writer.insert(
            network: "2001:db8:1::/48",
            .map([
                ("continent", .map([("code", .string("EU"))])),
                ("country", .map([("iso_code", .string("DE")), ("names", .map([("en", .string("Germany"))]))])),
                ("is_in_european_union", .boolean(true)),
            ]))
        return writer
    }

    /// Writes `bytes` under a fresh temporary name and returns the path.
    static func write(_ bytes: [UInt8], named name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-mmdb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}
