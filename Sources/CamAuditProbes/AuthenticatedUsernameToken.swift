import Foundation

/// The ONVIF GetDeviceInformation request with a WS-Security UsernameToken (PasswordDigest).
public enum AuthenticatedUsernameToken {
    /// The SOAP envelope of GetDeviceInformation with a fresh nonce; the password only enters the digest.
    public static func getDeviceInformation(user: String, password: String, now: Date = Date()) -> String {
        let nonce = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let created = formatter.string(from: now)
        let digest = CredentialDigest.wsPasswordDigest(nonce: nonce, created: created, password: password)
        let escapedUser = user.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return """
            <?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">\
            <s:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" \
            xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsse:UsernameToken>\
            <wsse:Username>\(escapedUser)</wsse:Username>\
            <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">\(digest)</wsse:Password>\
            <wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">\(Data(nonce).base64EncodedString())</wsse:Nonce>\
            <wsu:Created>\(created)</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>\
            <s:Body><GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>
            """
    }
}
