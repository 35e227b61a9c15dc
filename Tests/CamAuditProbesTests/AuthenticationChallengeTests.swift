import Testing
@testable import CamAuditProbes

@Suite("WWW-Authenticate parsing")
struct AuthenticationChallengeTests {
    @Test func digestAndBasicInOneHeader() {
        let challenges = AuthenticationChallenge.parse(
            headerValue: #"Digest qop="auth", realm="IP Camera(76475)", nonce="4e44497935", stale="FALSE", Basic realm="IP Camera(76475)""#)
        #expect(challenges.map(\.scheme) == ["Digest", "Basic"])
        #expect(challenges[0].parameter("qop") == "auth")
        #expect(challenges[0].realm == "IP Camera(76475)")
        #expect(challenges[0].parameter("stale") == "FALSE")
        #expect(challenges[1].realm == "IP Camera(76475)")
    }

    @Test func unquotedStaleAndSeveralHeaders() {
        let challenges = AuthenticationChallenge.parse(headerValues: [
            #"Digest realm="AXIS_00408CEF081C", nonce="00054cecY7165349339ae05f7017797d6b0aaad38f6ff45", stale=FALSE"#,
            #"Basic realm="AXIS_00408CEF081C""#,
        ])
        #expect(challenges.count == 2)
        #expect(challenges[0].parameter("nonce") == "00054cecY7165349339ae05f7017797d6b0aaad38f6ff45")
        #expect(challenges[0].parameter("stale") == "FALSE")
        #expect(challenges[1].scheme == "Basic")
    }

    @Test func dahuaOpaqueEmptyAndCommasInsideQuotes() {
        let challenges = AuthenticationChallenge.parse(headerValue: #"Digest realm="Login to a, b", qop="auth", nonce="123", opaque="""#)
        #expect(challenges.count == 1)
        #expect(challenges[0].realm == "Login to a, b")
        #expect(challenges[0].parameter("opaque") == "")
    }

    @Test func unterminatedQuoteKeepsTheText() {
        #expect(AuthenticationChallenge.parse(headerValue: "Digest realm=\"unterminated").first?.realm == "unterminated")
    }

    @Test func escapedQuotesAndToken68() {
        let challenges = AuthenticationChallenge.parse(headerValue: #"Basic realm="say \"hi\"", Negotiate abc123=="#)
        #expect(challenges[0].realm == #"say "hi""#)
        #expect(challenges[1].scheme == "Negotiate")
        #expect(challenges[1].parameter("token68") == "abc123==")
    }

    @Test(arguments: ["", ",,,", "=", "\"", "Digest realm=\"unterminated", "realm=orphan"])
    func junkNeverCrashes(_ value: String) {
        let challenges = AuthenticationChallenge.parse(headerValue: value)
        #expect(challenges.count <= value.count)
        for realm in challenges.compactMap(\.realm) { #expect(value.contains(realm)) }
    }
}
