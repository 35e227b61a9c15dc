import Foundation

/// Decodes one catalog data file and turns a decoding failure into a sentence that names the field.
enum CatalogJSON {
    /// Why a file did not decode: the line to point at (1 when unknown) and what to do.
    struct Failure: Error {
        var line: Int
        var message: String
    }

    /// `source`, when given, lets a wrong-typed field be reported at its own line.
    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data, source: SourceText? = nil) -> Result<Value, Failure> {
        do {
            return .success(try JSONDecoder().decode(Value.self, from: data))
        } catch let DecodingError.keyNotFound(key, context) {
            let field = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return .failure(Failure(line: 1, message: "required field \"\(field)\" is missing; add it"))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            let line = source?.line(ofKey: context.codingPath.last?.stringValue ?? "id") ?? 1
            return .failure(Failure(line: line, message: "field \"\(field)\" has the wrong type: \(context.debugDescription)"))
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return .failure(Failure(line: 1, message: "field \"\(field)\": \(context.debugDescription)"))
        } catch {
            return .failure(
                Failure(
                    line: 1, message: "invalid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)")"))
        }
    }
}
