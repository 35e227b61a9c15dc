import CamAuditProbes

// An HTTP answer as a hostile device may send it: parsed whole, then again in small pieces (the pieces'
// size comes from the input), and the two must agree. Headers and body go through the readers that
// use them: authentication challenges, the page title, a meta refresh, XML element text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPResponse(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let whole = parse(bytes, pieceSize: max(1, bytes.count))
    let pieceSize = bytes.isEmpty ? 1 : Int(bytes[bytes.count / 2] % 13) + 1
    let pieces = parse(bytes, pieceSize: pieceSize)
    guard whole == pieces else {
        fatalError(
            "the answer read whole (\(String(describing: whole))) and in \(pieceSize)-byte pieces (\(String(describing: pieces))) differ")
    }
    if let response = whole {
        _ = AuthenticationChallenge.parse(headerValues: response.values(of: "WWW-Authenticate"))
        let text = String(decoding: response.body, as: UTF8.self)
        _ = HTMLTitleExtractor.title(in: text)
        _ = MetaRefreshTarget.url(in: text)
        _ = XMLElementTextExtractor.texts(of: "Manufacturer", in: text)
    }
    return 0
}

/// The response, or nil when the parser refused the bytes; fed `pieceSize` bytes at a time, then finished.
func parse(_ bytes: [UInt8], pieceSize: Int) -> HTTPResponse? {
    var parser = HTTPResponseParser(maxHeaderBytes: 4096, maxBodyBytes: 8192)
    var offset = 0
    do {
        while offset < bytes.count {
            let end = min(bytes.count, offset + pieceSize)
            if case .complete(let response) = try parser.feed(bytes[offset..<end]) { return response }
            offset = end
        }
        return try parser.finish()
    } catch {
        return nil
    }
}
