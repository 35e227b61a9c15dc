import CamAuditChecks
import Foundation
import Testing

/// The pure parsers of the stream checker, fed real-shaped samples whole, truncated at every length, and as junk.
@Suite struct StreamParserTests {
    /// A Dahua main-stream DESCRIBE body (the shape of the SDP in the VLC capture of https://github.com/ws2543/about-multimedia,
    /// README.md early revision: s=Media Server, a=control:trackID=0, a=framerate) with the sizes cameras add.
    static let dahuaSDP = Array(
        ("v=0\r\no=- 2251938202 2251938202 IN IP4 0.0.0.0\r\ns=Media Server\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
            + "a=control:*\r\na=range:npt=now-\r\nm=video 0 RTP/AVP 96\r\na=control:trackID=0\r\na=framerate:25.000000\r\n"
            + "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1;profile-level-id=640032\r\na=x-dimensions:2560,1440\r\n"
            + "m=audio 0 RTP/AVP 8\r\na=control:trackID=1\r\n").utf8)
    /// The lab's own 16x8 grey baseline JPEG (Profiles/media/stream-gray-16x8.jpg).
    static let grayJPEG = Array(
        Data(
            base64Encoded:
                "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAAIABABAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAAPwAD/9k="
        )!)
    /// A camera-style header: EXIF APP1 and fill bytes before a progressive 1920x1080 frame header.
    static let exifProgressiveHeader: [UInt8] =
        [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08] + Array("Exif\0\0".utf8)
        + [0xFF, 0xFF, 0xC2, 0x00, 0x11, 0x08, 0x04, 0x38, 0x07, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]

    @Test func sdpDescribesPlayableMedia() throws {
        let sdp = try #require(SDPDescription.parse(Self.dahuaSDP))
        #expect(sdp.control == "*")
        #expect(sdp.media.count == 2)
        let video = try #require(sdp.playableMedia.first)
        #expect(video.kind == "video" && video.codecs[96] == "H264/90000" && video.control == "trackID=0")
        #expect(video.width == 2560 && video.height == 1440)
        #expect(sdp.media[1].codecs[8] == "PCMA/8000", "static payload types need no rtpmap")
    }

    @Test func sdpWithoutMediaOrCodecIsNotPlayable() throws {
        let empty = try #require(
            SDPDescription.parse(Array("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=Media Server\r\nt=0 0\r\na=control:*\r\n".utf8)))
        #expect(empty.playableMedia.isEmpty)
        let noCodec = try #require(SDPDescription.parse(Array("v=0\r\nm=video 0 RTP/AVP 96\r\n".utf8)))
        #expect(noCodec.playableMedia.isEmpty, "a dynamic payload type without rtpmap is not a codec")
        let application = try #require(
            SDPDescription.parse(Array("v=0\r\nm=application 0 RTP/AVP 107\r\na=rtpmap:107 vnd.onvif.metadata/90000\r\n".utf8)))
        #expect(application.playableMedia.isEmpty, "metadata is not video")
        #expect(SDPDescription.parse(Array("<html><body>OK</body></html>".utf8)) == nil)
        #expect(SDPDescription.parse([]) == nil)
    }

    @Test func sdpTruncatedAtEveryLengthNeverCrashes() {
        for length in 0...Self.dahuaSDP.count {
            let parsed = SDPDescription.parse(Array(Self.dahuaSDP.prefix(length)))
            if length < 3 { #expect(parsed == nil) }
            // Playable only once the rtpmap line has begun, and the codec is what arrived of it.
            if let parsed, let video = parsed.playableMedia.first(where: { $0.kind == "video" }) {
                #expect(String(decoding: Self.dahuaSDP.prefix(length), as: UTF8.self).contains("a=rtpmap:96 H"))
                #expect("H264/90000".hasPrefix(video.codecs[96] ?? "-"))
            }
        }
    }

    @Test func jpegDimensionsFromRealShapedHeaders() throws {
        let gray = try #require(JPEGImageInfo.parse(Self.grayJPEG))
        #expect(gray.width == 16 && gray.height == 8 && gray.frameMarker == 0xC0 && gray.components == 1)
        let progressive = try #require(JPEGImageInfo.parse(Self.exifProgressiveHeader))
        #expect(progressive.width == 1920 && progressive.height == 1080 && progressive.frameMarker == 0xC2)
    }

    @Test func jpegTruncatedOrJunkIsNil() {
        for sample in [Self.grayJPEG, Self.exifProgressiveHeader] {
            // The frame header is complete 9 bytes after its marker byte (length, precision, height, width, components).
            let frameEnd = sample.firstIndex(of: 0xC0).map { $0 + 9 } ?? sample.firstIndex(of: 0xC2).map { $0 + 9 } ?? sample.count
            for length in 0..<sample.count {
                let parsed = JPEGImageInfo.parse(Array(sample.prefix(length)))
                if length < frameEnd { #expect(parsed == nil, "prefix \(length)") } else { #expect(parsed != nil, "prefix \(length)") }
            }
        }
        #expect(JPEGImageInfo.parse(Array("<html>".utf8)) == nil)
        #expect(JPEGImageInfo.parse([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]) == nil, "scan before any frame header")
        #expect(JPEGImageInfo.parse([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00]) == nil, "segment length below 2")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let junk = [0xFF, 0xD8] + (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = JPEGImageInfo.parse(junk)  // must not crash or hang
        }
    }

    @Test func multipartBoundaryAndFirstPart() throws {
        #expect(MJPEGMultipart.boundary(contentType: "multipart/x-mixed-replace; boundary=myboundary") == "myboundary")
        #expect(MJPEGMultipart.boundary(contentType: "multipart/x-mixed-replace;boundary=\"--frame\"") == "--frame")
        #expect(MJPEGMultipart.boundary(contentType: "image/jpeg") == nil)
        #expect(MJPEGMultipart.boundary(contentType: "multipart/x-mixed-replace") == nil)
        let stream =
            Array("--myboundary\r\nContent-Type: image/jpeg\r\nContent-Length: \(Self.grayJPEG.count)\r\n\r\n".utf8) + Self.grayJPEG
            + Array("\r\n--myboundary\r\nContent-Type: image/jpeg\r\n".utf8)
        let part = try #require(MJPEGMultipart.firstPart(in: stream, boundary: "myboundary"))
        #expect(part.body == Self.grayJPEG && part.contentType == "image/jpeg")
        // Cut anywhere before the end of the first JPEG: not yet a part.
        let firstEnd = stream.count - Array("\r\n--myboundary\r\nContent-Type: image/jpeg\r\n".utf8).count
        for length in 0..<firstEnd {
            #expect(MJPEGMultipart.firstPart(in: Array(stream.prefix(length)), boundary: "myboundary") == nil, "prefix \(length)")
        }
        // Without Content-Length, the part ends at the next delimiter.
        let unsized = Array("--frame\r\nContent-Type: image/jpeg\r\n\r\n".utf8) + Self.grayJPEG + Array("\r\n--frame\r\n".utf8)
        #expect(MJPEGMultipart.firstPart(in: unsized, boundary: "frame")?.body == Self.grayJPEG)
        #expect(MJPEGMultipart.firstPart(in: Array("<html>It works</html>".utf8), boundary: "myboundary") == nil)
    }

    @Test func rtpInterleavedFrameByteByByte() {
        let packet: [UInt8] = [0x80, 0xE0, 0x12, 0x34, 0x00, 0x00, 0x0E, 0x10, 0x1A, 0x2B, 0x3C, 0x4D, 0x67, 0x42]
        let framed: [UInt8] = [0x24, 0x00, 0x00, UInt8(packet.count)] + packet + [0x24, 0x01]
        for length in 0..<(4 + packet.count) {
            #expect(RTPInterleavedFrame.read(framed.prefix(length)) == .needMoreData, "prefix \(length)")
        }
        guard case .frame(let frame, let consumed) = RTPInterleavedFrame.read(framed[...]) else {
            Issue.record("no frame")
            return
        }
        #expect(consumed == 4 + packet.count)
        #expect(frame.channel == 0 && frame.version == 2 && frame.marker && frame.payloadType == 96)
        #expect(
            frame.sequenceNumber == 0x1234 && frame.timestamp == 3600 && frame.ssrc == 0x1A2B_3C4D && frame.packetLength == packet.count)
        #expect(RTPInterleavedFrame.read(Array("RTSP/1.0 200 OK\r\n".utf8)[...]) == .notAFrame)
        guard case .frame(let short, _) = RTPInterleavedFrame.read([0x24, 0x01, 0x00, 0x02, 0x81, 0xC8][...]) else {
            Issue.record("a short frame is still a frame to skip")
            return
        }
        #expect(short.version == -1)
    }
}
