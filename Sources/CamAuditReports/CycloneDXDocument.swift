import Foundation

/// The part of the CycloneDX 1.6 JSON model camaudit writes (https://cyclonedx.org/docs/1.6/json/).
struct CycloneDXDocument: Encodable {
    struct Property: Encodable, Hashable {
        var name: String
        var value: String
    }

    struct Entity: Encodable {
        var name: String
    }

    struct Tool: Encodable {
        var type = "application"
        var name: String
        var version: String
    }

    struct Tools: Encodable {
        var components: [Tool]
    }

    struct Metadata: Encodable {
        var timestamp: Date
        var tools: Tools
        var properties: [Property]
    }

    struct Component: Encodable {
        var type = "device"
        var bomRef: String
        var manufacturer: Entity?
        var supplier: Entity?
        var name: String
        var version: String?
        var description: String?
        var properties: [Property]

        enum CodingKeys: String, CodingKey {
            case type, manufacturer, supplier, name, version, description, properties
            case bomRef = "bom-ref"
        }
    }

    struct Source: Encodable {
        var name: String
        var url: String?
    }

    struct Rating: Encodable {
        var source: Source?
        var score: Double?
        var severity: String
        var method: String
        var vector: String?
    }

    struct Affect: Encodable {
        var ref: String
    }

    struct Vulnerability: Encodable {
        var bomRef: String
        var id: String
        var source: Source
        var ratings: [Rating]
        var description: String
        var detail: String?
        var recommendation: String?
        var affects: [Affect]
        var properties: [Property]

        enum CodingKeys: String, CodingKey {
            case id, source, ratings, description, detail, recommendation, affects, properties
            case bomRef = "bom-ref"
        }
    }

    var bomFormat = "CycloneDX"
    var specVersion: String
    var serialNumber: String
    var version = 1
    var metadata: Metadata
    var components: [Component]
    var vulnerabilities: [Vulnerability]
}
