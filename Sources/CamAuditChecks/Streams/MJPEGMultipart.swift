/// Reads the first part of a `multipart/x-mixed-replace` MJPEG stream from the bytes received so far.
public enum MJPEGMultipart {
    /// One part: its headers (names as sent) and its body.
    public struct Part: Sendable, Hashable {
        public var headers: [String: String]
        public var body: [UInt8]

        /// The part's content type, lower-cased.
        public var contentType: String? {
            headers.first { $0.key.lowercased() == "content-type" }?.value.lowercased()
        }
    }

    /// Part headers larger than this are not MJPEG.
    static let maximumPartHeaderBytes = 4 * 1024

    /// The boundary of a `multipart/x-mixed-replace; boundary=...` content type, without quotes; nil for other types.
    public static func boundary(contentType: String) -> String? {
        let parameters = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let type = parameters.first?.lowercased(), type == "multipart/x-mixed-replace" else { return nil }
        for parameter in parameters.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }

    /// The first complete part after the first delimiter; nil while it is incomplete or when the bytes are not multipart.
    ///
    /// Cameras disagree on whether the `--` belongs to the boundary parameter, so both spellings are looked for.
    /// A part is complete when its `Content-Length` bytes arrived, or without one, when the next delimiter arrived.
    public static func firstPart(in body: [UInt8], boundary: String) -> Part? {
        let plain = Array(boundary.utf8)
        let candidates = plain.starts(with: Array("--".utf8)) ? [plain, Array("--".utf8) + plain] : [Array("--".utf8) + plain, plain]
        for delimiter in candidates {
            guard let start = firstIndex(of: delimiter, in: body, from: 0) else { continue }
            return part(after: start + delimiter.count, in: body, delimiter: delimiter)
        }
        return nil
    }

    private static func part(after position: Int, in body: [UInt8], delimiter: [UInt8]) -> Part? {
        var index = position
        // Rest of the delimiter line.
        while index < body.count, body[index] != 0x0A {
            index += 1
            if index - position > 256 { return nil }
        }
        guard index < body.count else { return nil }
        index += 1
        var headers: [String: String] = [:]
        let headerStart = index
        while true {
            guard let lineEnd = body[index...].firstIndex(of: 0x0A) else { return nil }
            if lineEnd - headerStart > maximumPartHeaderBytes { return nil }
            var line = String(decoding: body[index..<lineEnd], as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            index = lineEnd + 1
            if line.isEmpty {
                // Some cameras put a blank line between the delimiter and the headers.
                if headers.isEmpty, index - headerStart <= 2 { continue }
                break
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers[String(line[..<colon]).trimmingCharacters(in: .whitespaces)] =
                String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        let lengthValue = headers.first { $0.key.lowercased() == "content-length" }?.value
        if let lengthValue, let length = Int(lengthValue), length >= 0 {
            guard body.count - index >= length else { return nil }
            return Part(headers: headers, body: Array(body[index..<index + length]))
        }
        guard let next = firstIndex(of: delimiter, in: body, from: index) else { return nil }
        var end = next
        // The CRLF before the next delimiter belongs to the delimiter.
        if end > index, body[end - 1] == 0x0A { end -= 1 }
        if end > index, body[end - 1] == 0x0D { end -= 1 }
        return Part(headers: headers, body: Array(body[index..<end]))
    }

    /// The first position of `needle` in `haystack` at or after `from`.
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = from
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
