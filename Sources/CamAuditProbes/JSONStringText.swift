import Foundation

/// Text placed inside a JSON string literal of a request body (a user name, a password): quotes,
/// backslashes and control characters escaped (RFC 8259 section 7), everything else as it is.
public enum JSONStringText {
    public static func escaped(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case let control where control.value < 0x20: escaped += String(format: "\\u%04x", control.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
