// mDNS / DNS-SD answers (RFC 6762, RFC 6763): the lab side of the `_axis-video._tcp` browse (julienblitte/UniversalScanner Axis.cs).
extension DiscoveryResponder {
    /// The answer to a unicast DNS query for one of the profile's service types, or nil.
    ///
    /// Answered as RFC 6762 §6.7 says for a legacy unicast query: the id and questions echoed, TTLs of
    /// at most 10 s, PTR in the answer section and SRV, TXT and A as additional records. Names are
    /// compressed (RFC 1035 §4.1.4), as real responders do, so the discoverer's pointer handling is used.
    func mdnsAnswer(_ datagram: [UInt8]) -> [UInt8]? {
        guard let mdns = profile.discovery?.mdns, let query = Self.mdnsQuestions(datagram) else { return nil }
        let services = Set(mdns.services.map { $0.lowercased() })
        let asked = query.questions.filter {
            ($0.type == 12 || $0.type == 255) && services.contains($0.name.joined(separator: ".").lowercased())
        }
        guard let service = asked.first?.name else { return nil }
        let instance = [fill(mdns.instance)] + service
        let host = fill(mdns.hostname).split(separator: ".").map(String.init)
        let octets = address.split(separator: ".").compactMap { UInt8($0) }

        var writer = DiscoveryDNSWriter()
        writer.word(query.id)
        writer.word(0x8400)  // response, authoritative
        writer.word(UInt16(query.questions.count))
        writer.word(1)  // PTR
        writer.word(0)
        writer.word(octets.count == 4 ? 3 : 2)  // SRV, TXT, A
        for question in query.questions {
            writer.name(question.name)
            writer.word(question.type)
            writer.word(question.rawClass)
        }
        writer.record(name: service, type: 12, ttl: 10) { $0.name(instance) }
        writer.record(name: instance, type: 33, ttl: 10) { data in
            data.word(0)
            data.word(0)
            data.word(httpPort)
            data.name(host)
        }
        writer.record(name: instance, type: 16, ttl: 10) { data in
            for text in mdns.txt.map(fill) {
                let utf8 = Array(text.utf8.prefix(255))
                data.bytes.append(UInt8(utf8.count))
                data.bytes += utf8
            }
        }
        if octets.count == 4 { writer.record(name: host, type: 1, ttl: 10) { $0.bytes += octets } }
        return writer.bytes
    }

    /// A parsed query: its id and questions (uncompressed names only, as one-shot queriers send).
    struct MDNSQuestions {
        struct Question {
            var name: [String]
            var type: UInt16
            var rawClass: UInt16
        }
        var id: UInt16
        var questions: [Question]
    }

    /// The questions of a standard query; nil for responses, other opcodes, or anything malformed.
    static func mdnsQuestions(_ datagram: [UInt8]) -> MDNSQuestions? {
        guard datagram.count >= 12, datagram.count <= 9000, datagram[2] & 0xF8 == 0 else { return nil }
        func word(_ at: Int) -> UInt16 { UInt16(datagram[at]) << 8 | UInt16(datagram[at + 1]) }
        let count = Int(word(4))
        guard (1...32).contains(count) else { return nil }
        var questions: [MDNSQuestions.Question] = []
        var position = 12
        for _ in 0..<count {
            var labels: [String] = []
            while true {
                guard position < datagram.count else { return nil }
                let length = Int(datagram[position])
                if length == 0 { position += 1; break }
                guard length <= 63, position + 1 + length <= datagram.count, labels.count < 127 else { return nil }
                labels.append(String(decoding: datagram[(position + 1)..<(position + 1 + length)], as: UTF8.self))
                position += 1 + length
            }
            guard position + 4 <= datagram.count else { return nil }
            questions.append(.init(name: labels, type: word(position), rawClass: word(position + 2)))
            position += 4
        }
        return MDNSQuestions(id: word(0), questions: questions)
    }
}
