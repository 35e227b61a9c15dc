import NIOCore

/// Frames HTTP and RTSP requests (head up to a blank line, then Content-Length bytes) with size limits.
struct RequestFramer: ByteToMessageDecoder {
    typealias InboundOut = WireRequest

    /// Larger heads are not requests a camera would accept; the connection is closed.
    static let maximumHeadBytes = 16 * 1024
    static let maximumBodyBytes = 256 * 1024

    enum FramingError: Error {
        /// The head grew past `maximumHeadBytes` without a blank line.
        case headTooLarge
        /// The request line or Content-Length could not be understood.
        case malformed
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let readable = buffer.readableBytesView
        guard let headEnd = Self.endOfHead(readable) else {
            if readable.count > Self.maximumHeadBytes { throw FramingError.headTooLarge }
            return .needMoreData
        }
        let headLength = headEnd - readable.startIndex
        guard let headText = buffer.getString(at: buffer.readerIndex, length: headLength),
            var request = WireRequest.parseHead(headText)
        else { throw FramingError.malformed }
        var separatorLength = 0
        var index = headEnd
        while index < readable.endIndex, separatorLength < 4, readable[index] == 0x0d || readable[index] == 0x0a {
            index += 1
            separatorLength += 1
        }
        let bodyLength: Int
        if let text = request.header("Content-Length") {
            guard let value = Int(text), value >= 0, value <= Self.maximumBodyBytes else { throw FramingError.malformed }
            bodyLength = value
        } else {
            bodyLength = 0
        }
        guard buffer.readableBytes >= headLength + separatorLength + bodyLength else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: headLength + separatorLength)
        request.body = buffer.readBytes(length: bodyLength) ?? []
        context.fireChannelRead(wrapInboundOut(request))
        return .continue
    }

    /// The index where the blank line (CRLFCRLF or LFLF) starts, if there is one.
    static func endOfHead(_ bytes: ByteBufferView) -> Int? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 0x0a {
                let next = bytes.index(after: index)
                if next < bytes.endIndex, bytes[next] == 0x0a { return index }
                if next < bytes.endIndex, bytes[next] == 0x0d {
                    let afterNext = bytes.index(after: next)
                    if afterNext < bytes.endIndex, bytes[afterNext] == 0x0a {
                        return index > bytes.startIndex && bytes[index - 1] == 0x0d ? index - 1 : index
                    }
                }
            }
            index += 1
        }
        return nil
    }
}
