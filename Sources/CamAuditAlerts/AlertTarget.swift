/// Where alerts go: a name the user chose (deliveries are logged under it) and how to reach it.
public struct AlertTarget: Sendable, Hashable, Codable {
    public var name: String
    public var transport: Transport

    public enum Transport: Sendable, Hashable, Codable {
        case webhook(Webhook)
        case syslog(Syslog)
        case email(Email)
    }

    public init(name: String, transport: Transport) {
        self.name = name
        self.transport = transport
    }

    /// `webhook`, `syslog` or `email`.
    public var kind: String {
        switch transport {
        case .webhook: "webhook"
        case .syslog: "syslog"
        case .email: "email"
        }
    }

    /// An HTTP(S) endpoint that receives `POST` requests with a JSON body, signed as `WebhookSignature` describes.
    public struct Webhook: Sendable, Hashable, Codable {
        /// `http://` or `https://`.
        public var url: String
        /// The HMAC key shared with the receiver.
        public var secret: String
        /// PEM certificates trusted besides the system's, for a receiver behind a private CA.
        public var trustedCertificatesPEM: String?

        public init(url: String, secret: String, trustedCertificatesPEM: String? = nil) {
            self.url = url
            self.secret = secret
            self.trustedCertificatesPEM = trustedCertificatesPEM
        }
    }

    /// A syslog collector: RFC 5424 messages over UDP (RFC 5426) or TCP with octet counting (RFC 6587).
    public struct Syslog: Sendable, Hashable, Codable {
        public enum IPProtocol: String, Sendable, Hashable, Codable {
            case udp, tcp
        }

        public var host: String
        public var port: Int
        public var ipProtocol: IPProtocol
        public var facility: SyslogMessage.Facility
        /// The HOSTNAME field; `-` (unknown) when nil.
        public var hostname: String?
        /// When set, each message carries a structured-data element `camaudit@<number>` with the alert's key, kind,
        /// address and scan; the number must be an enterprise number registered with IANA.
        public var enterpriseNumber: Int?

        public init(
            host: String, port: Int = 514, ipProtocol: IPProtocol = .udp, facility: SyslogMessage.Facility = .local0,
            hostname: String? = nil,
            enterpriseNumber: Int? = nil
        ) {
            self.host = host
            self.port = port
            self.ipProtocol = ipProtocol
            self.facility = facility
            self.hostname = hostname
            self.enterpriseNumber = enterpriseNumber
        }
    }

    /// An SMTP submission server (RFC 5321), upgraded with STARTTLS (RFC 3207) whenever it offers it.
    public struct Email: Sendable, Hashable, Codable {
        public struct Credentials: Sendable, Hashable, Codable {
            public var username: String
            public var password: String

            public init(username: String, password: String) {
                self.username = username
                self.password = password
            }
        }

        public var host: String
        /// 587 (submission) by default; 25 for a relay.
        public var port: Int
        public var from: String
        public var to: [String]
        /// Refuse to send unless the server offers STARTTLS and the upgrade succeeds.
        public var requireTLS: Bool
        /// Sent with AUTH PLAIN or LOGIN, and only over TLS.
        public var credentials: Credentials?
        /// The name given in EHLO.
        public var heloName: String
        /// PEM certificates trusted besides the system's, for a server behind a private CA.
        public var trustedCertificatesPEM: String?

        public init(
            host: String, port: Int = 587, from: String, to: [String], requireTLS: Bool = false, credentials: Credentials? = nil,
            heloName: String = "localhost", trustedCertificatesPEM: String? = nil
        ) {
            self.host = host
            self.port = port
            self.from = from
            self.to = to
            self.requireTLS = requireTLS
            self.credentials = credentials
            self.heloName = heloName
            self.trustedCertificatesPEM = trustedCertificatesPEM
        }
    }
}

/// How long each network step may take: the TCP connect (or the UDP send), and then every write, every read of a
/// reply and the TLS handshake each on its own.
public struct NetworkTimeouts: Sendable, Hashable, Codable {
    public var connect: Duration
    public var step: Duration

    public init(connect: Duration = .seconds(10), step: Duration = .seconds(30)) {
        self.connect = connect
        self.step = step
    }
}
