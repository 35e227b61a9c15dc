import CamAuditCore
import CamAuditLab
import CamAuditTestSupport

/// Runs a test body against a lab of the given profiles on its own loopback base, and always shuts the lab down.
enum LabSession {
    static func with<T>(_ third: Int, _ profiles: [String], _ body: (Lab) async throws -> T) async throws -> T {
        let lab = try await Lab.start(base: IPAddress(LabAddresses.base(third))!, deviceCount: profiles.count, profiles: profiles)
        do {
            let result = try await body(lab)
            try await lab.shutdown()
            return result
        } catch {
            try? await lab.shutdown()
            throw error
        }
    }
}
