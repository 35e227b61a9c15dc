import CamAuditChecks

// An MJPEG answer: the first line is the Content-Type header value, the rest the multipart body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = Array(bytes[min(bytes.count, newline + 1)...])
    let boundary = MJPEGMultipart.boundary(contentType: contentType) ?? "myboundary"
    if let part = MJPEGMultipart.firstPart(in: body, boundary: boundary) {
        _ = part.contentType
        _ = JPEGImageInfo.parse(part.body)
    }
    return 0
}
