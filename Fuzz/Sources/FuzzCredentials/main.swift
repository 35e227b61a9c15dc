import CamAuditCore

// What a user gives as logins: a `--credentials` file (targets, users, passwords; JSON lines allowed)
// and a `--wordlist` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCredentials(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    if let file = try? CredentialFile(parsing: text), let address = IPAddress("127.0.0.5") {
        _ = file.entries(for: address)
    }
    _ = CredentialWordlist.parse(text)
    return 0
}
