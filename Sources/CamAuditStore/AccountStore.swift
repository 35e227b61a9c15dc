import CamAuditCore
import Foundation
import GRDB

/// Who may use `camaudit serve`, and what they can do.
public enum UserRole: String, Sendable, Codable, CaseIterable {
    /// Everything: start scans, manage users, tokens and settings.
    case admin
    /// Read only.
    case viewer
}

/// A user of the server (never with the password or its hash).
public struct ServerUser: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var role: UserRole
    public var createdAt: Date
}

/// A signed-in browser: whose it is and the token its forms must carry.
public struct ServerSession: Sendable, Hashable {
    public var user: ServerUser
    public var csrfToken: String
    public var expiresAt: Date
}

/// An API token as listed (its secret is shown once, when made, and only its hash is kept).
public struct APITokenListing: Sendable, Hashable, Codable {
    public var id: Int64
    public var userName: String
    public var name: String
    public var createdAt: Date
    public var revokedAt: Date?
}

/// One line of the audit log: who did what, when.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var at: Date
    public var user: String?
    public var action: String
    public var detail: String
}

/// Users, sessions, API tokens and the audit log of `camaudit serve`, in the same database as the scans.
/// Secrets arrive hashed (bcrypt for passwords, SHA-256 for session and API tokens): the store keeps no secret.
extension ScanStore {
    public func createUser(name: String, passwordHash: String, role: UserRole, at date: Date = Date()) throws(StoreError) -> ServerUser {
        do {
            return try writer.write { db in
                guard try Int.fetchOne(db, sql: "SELECT count(*) FROM user WHERE name = ?", arguments: [name]) == 0 else {
                    throw StoreError.writeFailed("a user named '\(name)' exists already")
                }
                try db.execute(
                    sql: "INSERT INTO user (name, passwordHash, role, createdAt) VALUES (?, ?, ?, ?)",
                    arguments: [name, passwordHash, role.rawValue, date])
                return ServerUser(id: db.lastInsertedRowID, name: name, role: role, createdAt: date)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    public func users() throws(StoreError) -> [ServerUser] {
        do {
            return try writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY name").compactMap(Self.user) }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    /// The user and the bcrypt hash to check a password against.
    public func credentials(ofUser name: String) throws(StoreError) -> (user: ServerUser, passwordHash: String)? {
        do {
            return try writer.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]), let user = Self.user(row)
                else { return nil }
                return (user, row["passwordHash"])
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    public func createSession(tokenHash: String, userID: Int64, csrfToken: String, expiresAt: Date) throws(StoreError) {
        do {
            try writer.write { db in
                try db.execute(sql: "DELETE FROM session WHERE expiresAt < ?", arguments: [Date()])
                try db.execute(
                    sql: "INSERT INTO session (tokenHash, userId, csrfToken, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)",
                    arguments: [tokenHash, userID, csrfToken, Date(), expiresAt])
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// The session with this token hash, if it has not expired.
    public func session(tokenHash: String, now: Date = Date()) throws(StoreError) -> ServerSession? {
        do {
            return try writer.read { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT user.*, session.csrfToken, session.expiresAt FROM session JOIN user ON user.id = session.userId
                            WHERE session.tokenHash = ? AND session.expiresAt > ?
                            """, arguments: [tokenHash, now]),
                    let user = Self.user(row)
                else { return nil }
                return ServerSession(user: user, csrfToken: row["csrfToken"], expiresAt: row["expiresAt"])
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    public func deleteSession(tokenHash: String) throws(StoreError) {
        do {
            try writer.write { db in try db.execute(sql: "DELETE FROM session WHERE tokenHash = ?", arguments: [tokenHash]) }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    public func createAPIToken(userID: Int64, name: String, tokenHash: String) throws(StoreError) -> Int64 {
        do {
            return try writer.write { db in
                try db.execute(
                    sql: "INSERT INTO apiToken (userId, name, tokenHash, createdAt) VALUES (?, ?, ?, ?)",
                    arguments: [userID, name, tokenHash, Date()])
                return db.lastInsertedRowID
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// The user an API token (by its hash) acts for, unless it was revoked.
    public func user(apiTokenHash: String) throws(StoreError) -> ServerUser? {
        do {
            return try writer.read { db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT user.* FROM apiToken JOIN user ON user.id = apiToken.userId
                        WHERE apiToken.tokenHash = ? AND apiToken.revokedAt IS NULL
                        """, arguments: [apiTokenHash]
                ).flatMap(Self.user)
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    public func apiTokens() throws(StoreError) -> [APITokenListing] {
        do {
            return try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT apiToken.*, user.name AS userName FROM apiToken JOIN user ON user.id = apiToken.userId
                        ORDER BY apiToken.id
                        """
                ).map { row in
                    APITokenListing(
                        id: row["id"], userName: row["userName"], name: row["name"], createdAt: row["createdAt"],
                        revokedAt: row["revokedAt"])
                }
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    /// Revokes a token; false when no unrevoked token has that id.
    public func revokeAPIToken(id: Int64) throws(StoreError) -> Bool {
        do {
            return try writer.write { db in
                try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL", arguments: [Date(), id])
                return db.changesCount == 1
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    public func audit(user: String?, action: String, detail: String) throws(StoreError) {
        do {
            try writer.write { db in
                try db.execute(
                    sql: "INSERT INTO auditLog (at, user, action, detail) VALUES (?, ?, ?, ?)", arguments: [Date(), user, action, detail])
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// The newest entries first.
    public func auditLog(limit: Int = 100) throws(StoreError) -> [AuditEntry] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM auditLog ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                    AuditEntry(at: row["at"], user: row["user"], action: row["action"], detail: row["detail"])
                }
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    private static func user(_ row: Row) -> ServerUser? {
        guard let role = UserRole(rawValue: row["role"]) else { return nil }
        return ServerUser(id: row["id"], name: row["name"], role: role, createdAt: row["createdAt"])
    }
}
