import CamAuditProbes

/// What a UPnP control point answered to one SOAP action.
public enum UPnPSOAPAnswer: Sendable, Hashable {
    /// The action's out arguments by name (only those present).
    case values([String: String])
    /// A SOAP fault carrying a UPnPError (713 SpecifiedArrayIndexInvalid ends a table listing).
    case fault(code: Int?, description: String?)
    /// An HTTP error status without a readable UPnP fault.
    case httpError(Int)
    /// A 200 answer without the action's response element.
    case malformed(String)

    /// Reads an answer to `action`, extracting `arguments` from its `<actionResponse>` element.
    ///
    /// A fault is recognised by its `UPnPError`/`Fault` element whatever the status (some routers send
    /// faults with 200); element names match whatever namespace prefix the router uses.
    public static func parse(status: Int, body: String, action: String, arguments: [String]) -> UPnPSOAPAnswer {
        if let error = XMLElementTextExtractor.text(of: "UPnPError", in: body) ?? XMLElementTextExtractor.text(of: "Fault", in: body) {
            let code = XMLElementTextExtractor.text(of: "errorCode", in: error).flatMap { Int($0) }
            let description =
                XMLElementTextExtractor.text(of: "errorDescription", in: error)
                ?? XMLElementTextExtractor.text(of: "faultstring", in: error)
            return .fault(code: code, description: description.map { UPnPLocation.clipped($0) })
        }
        guard status == 200 else { return .httpError(status) }
        guard let response = XMLElementTextExtractor.text(of: action + "Response", in: body) else {
            return .malformed("no complete \(action)Response element in \(body.utf8.count) bytes")
        }
        var values: [String: String] = [:]
        for argument in arguments {
            if let value = XMLElementTextExtractor.text(of: argument, in: response) { values[argument] = value }
        }
        return .values(values)
    }
}
