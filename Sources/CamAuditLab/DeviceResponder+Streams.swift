import Foundation

extension DeviceResponder {
    /// `multipart/x-mixed-replace` as MJPEG cameras send it: the reply's headers, then JPEG parts, and the
    /// connection stays open (a real camera keeps sending; the lab's idle timeout closes it).
    func mjpegAnswer(_ route: DeviceProfile.HTTPRoute, template: ReplyTemplate, defaultVersion: String) -> Answer {
        guard let reply = route.reply else { return Answer(bytes: Array("HTTP/1.0 500 No Reply\r\n\r\n".utf8), closeAfterwards: true) }
        var headOnly = reply
        headOnly.body = nil
        headOnly.bodyBase64 = nil
        var bytes = template.render(headOnly, defaultVersion: defaultVersion, challenges: [])
        let picture = reply.bodyBase64.flatMap { Data(base64Encoded: $0) }.map { Array($0) } ?? []
        let contentType = reply.headers.first { $0.count == 2 && $0[0].lowercased() == "content-type" }?[1] ?? ""
        let boundary = contentType.components(separatedBy: "boundary=").dropFirst().first ?? "myboundary"
        let delimiter = boundary.hasPrefix("--") ? boundary : "--" + boundary
        for _ in 0..<max(1, route.mjpegParts ?? 2) {
            bytes +=
                Array("\(delimiter)\r\nContent-Type: image/jpeg\r\nContent-Length: \(picture.count)\r\n\r\n".utf8) + picture
                + Array("\r\n".utf8)
        }
        return Answer(bytes: bytes, closeAfterwards: false)
    }

    /// One RTP packet (RFC 3550: version 2, payload type 96) framed for RTSP over TCP (RFC 2326 §10.12, channel 0),
    /// carrying a small H.264 NAL unit header and filler, as a camera sends after PLAY.
    static func interleavedRTPPacket() -> [UInt8] {
        let payload: [UInt8] = [0x67, 0x42, 0x00, 0x1F] + [UInt8](repeating: 0xAB, count: 28)
        var packet: [UInt8] = [0x80, 0x80 | 96, 0x00, 0x01]  // V=2, marker, PT 96, sequence 1
        packet += [0x00, 0x00, 0x0E, 0x10]  // timestamp
        packet += [0x1A, 0x2B, 0x3C, 0x4D]  // SSRC
        packet += payload
        return [0x24, 0x00, UInt8(packet.count >> 8), UInt8(packet.count & 0xFF)] + packet
    }
}
