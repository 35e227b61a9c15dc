import Foundation
import HTTPTypes
import Hummingbird

/// 405 Method Not Allowed, with `Allow`, for a method the OpenAPI document does not list on a path it
/// has (RFC 9110 section 15.5.6); the router alone answers 404 to those. The paths and methods come from
/// the document the server publishes, so the two cannot drift apart.
struct MethodNotAllowed<Context: RequestContext>: RouterMiddleware {
    struct Route {
        var segments: [Substring]
        var methods: [String]

        func matches(_ path: [Substring]) -> Bool {
            path.count == segments.count
                && zip(path, segments).allSatisfy { have, want in want.hasPrefix("{") ? !have.isEmpty : have == want }
        }
    }

    let routes: [Route]

    /// The routes of the OpenAPI document bundled with the server.
    init() throws {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
            let paths = document["paths"] as? [String: [String: Any]]
        else {
            throw HTTPError(.internalServerError, message: "the OpenAPI document is missing from this build")
        }
        let verbs: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        routes = paths.map { path, operations in
            Route(
                segments: path.split(separator: "/", omittingEmptySubsequences: false),
                methods: operations.keys.filter { verbs.contains($0) }.map { $0.uppercased() }.sorted())
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            guard response.status == .notFound, let allowed = allowed(request) else { return response }
            return Self.refuse(request, allowed: allowed)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = allowed(request) else { throw error }
            return Self.refuse(request, allowed: allowed)
        }
    }

    /// The methods the document lists for this path, when it has the path but not this method.
    func allowed(_ request: Request) -> [String]? {
        let path = request.uri.path.split(separator: "/", omittingEmptySubsequences: false)
        guard let route = routes.first(where: { $0.matches(path) }) else { return nil }
        var methods = route.methods
        // GET routes answer HEAD too.
        if methods.contains("GET") { methods.append("HEAD") }
        return methods.contains(request.method.rawValue) ? nil : methods
    }

    static func refuse(_ request: Request, allowed: [String]) -> Response {
        let body = try? JSONEncoder().encode(
            [
                "error": [
                    "message": "\(request.method.rawValue) is not a method of \(request.uri.path); use \(allowed.joined(separator: ", "))"
                ]
            ])
        var response = APIHandlers.respond(body ?? Data(), status: .methodNotAllowed)
        response.headers[.allow] = allowed.joined(separator: ", ")
        return response
    }
}
