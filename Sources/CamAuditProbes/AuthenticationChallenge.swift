/// One challenge from a `WWW-Authenticate` header, e.g. `Digest realm="IP Camera(76475)", qop="auth"`.
public struct AuthenticationChallenge: Sendable, Hashable {
    /// The scheme as sent (`Digest`, `Basic`).
    public var scheme: String
    /// Parameters in order; names lower-cased, values unquoted.
    public var parameters: [(name: String, value: String)]

    public init(scheme: String, parameters: [(name: String, value: String)] = []) {
        self.scheme = scheme
        self.parameters = parameters
    }

    public func parameter(_ name: String) -> String? {
        let wanted = name.lowercased()
        return parameters.first { $0.name == wanted }?.value
    }

    public var realm: String? { parameter("realm") }

    public static func == (lhs: AuthenticationChallenge, rhs: AuthenticationChallenge) -> Bool {
        lhs.scheme == rhs.scheme && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(scheme)
        for parameter in parameters {
            hasher.combine(parameter.name)
            hasher.combine(parameter.value)
        }
    }

    /// Parses every challenge from one or more `WWW-Authenticate` header values.
    ///
    /// Handles several challenges in one value (`Digest ..., Basic realm="x"`), quoted and unquoted
    /// values (`stale=FALSE`), escaped quotes and token68 credentials. Never throws: junk is skipped.
    public static func parse(headerValues: [String]) -> [AuthenticationChallenge] {
        headerValues.flatMap { parse(headerValue: $0) }
    }

    public static func parse(headerValue: String) -> [AuthenticationChallenge] {
        let characters = Array(headerValue)
        var index = 0
        var challenges: [AuthenticationChallenge] = []

        func skip(_ set: Set<Character>) {
            while index < characters.count, set.contains(characters[index]) { index += 1 }
        }
        func readToken() -> String {
            let start = index
            while index < characters.count, !" \t,=\"".contains(characters[index]) { index += 1 }
            return String(characters[start..<index])
        }
        func readValue() -> String {
            skip([" ", "\t"])
            guard index < characters.count else { return "" }
            if characters[index] == "\"" {
                index += 1
                var value = ""
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    value.append(characters[index])
                    index += 1
                }
                index += 1  // closing quote (or past the end when it is missing)
                return value
            }
            let start = index
            while index < characters.count, characters[index] != "," { index += 1 }
            return String(characters[start..<index]).trimmingSpaces()
        }

        while index < characters.count {
            skip([" ", "\t", ","])
            let token = readToken()
            if token.isEmpty {
                index += 1  // a stray quote or `=`: skip it
                continue
            }
            skip([" ", "\t"])
            if index < characters.count, characters[index] == "=" {
                // token68 (`Negotiate abc==`) ends in `=` signs followed by a comma or the end.
                var lookahead = index
                while lookahead < characters.count, characters[lookahead] == "=" { lookahead += 1 }
                var afterEquals = lookahead
                while afterEquals < characters.count, characters[afterEquals] == " " { afterEquals += 1 }
                if lookahead - index > 1 || afterEquals == characters.count || characters[afterEquals] == "," {
                    if !challenges.isEmpty, challenges[challenges.count - 1].parameters.isEmpty {
                        challenges[challenges.count - 1].parameters.append(
                            (name: "token68", value: token + String(characters[index..<lookahead])))
                    }
                    index = lookahead
                    continue
                }
                index += 1
                let value = readValue()
                if challenges.isEmpty { challenges.append(AuthenticationChallenge(scheme: "")) }
                challenges[challenges.count - 1].parameters.append((name: token.lowercased(), value: value))
            } else {
                challenges.append(AuthenticationChallenge(scheme: token))
            }
        }
        return challenges
    }
}
