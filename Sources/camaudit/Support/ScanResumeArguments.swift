import CamAuditCore

/// The command line a scan keeps so that `camaudit scan --resume ID` runs it again "with the same options".
///
/// Kept: everything that decides what is scanned and how. Left out: where the report goes and which
/// database holds it (`-o`, `--format`, `--cameras-only`, `--fail-on`, `--db`, `--no-save`), which the
/// resuming command line gives again. A target list (`-iL FILE`, or `-` for standard input, which cannot
/// be read twice) is kept as the targets it held.
enum ScanResumeArguments {
    /// Options (with a value) that only say where the output goes.
    static let outputOptionsWithValue: Set<String> = ["-o", "--output", "--format", "--fail-on", "--db"]
    /// Flags that only say where the output goes.
    static let outputFlags: Set<String> = ["--cameras-only", "--no-save"]
    /// The options that read targets from a file.
    static let listOptions: Set<String> = ["-i", "-iL", "--input-list"]

    /// The arguments after `scan` in `commandLine` (the whole `CommandLine.arguments`), as kept.
    static func kept(from commandLine: [String], listTargets: [TargetSpecification]) -> [String] {
        var kept: [String] = []
        var arguments = subcommandArguments(commandLine)[...]
        var afterSeparator = false
        while let argument = arguments.popFirst() {
            if afterSeparator || !argument.hasPrefix("-") || argument == "-" {
                kept.append(argument)
                continue
            }
            if argument == "--" {
                afterSeparator = true
                kept.append(argument)
                continue
            }
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            let inlineValue = argument.contains("=")
            if outputOptionsWithValue.contains(name) || listOptions.contains(name) {
                if !inlineValue { _ = arguments.popFirst() }
                continue
            }
            if outputFlags.contains(name) { continue }
            kept.append(argument)
        }
        // Targets read from a list go first, as positional arguments, before any `--`.
        return listTargets.map(\.text) + kept
    }

    /// Option names in the command line after `scan` that are not allowed with `--resume` (which runs the
    /// saved options: only where the output goes may be given again).
    static func conflictingWithResume(_ commandLine: [String]) -> [String] {
        var found: [String] = []
        var arguments = subcommandArguments(commandLine)[...]
        while let argument = arguments.popFirst() {
            guard argument.hasPrefix("-"), argument != "-" else {
                found.append(argument)
                continue
            }
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            if name == "--resume" || outputOptionsWithValue.contains(name) {
                if !argument.contains("=") { _ = arguments.popFirst() }
            } else if !outputFlags.contains(name) || name == "--no-save" {
                found.append(name)
            }
        }
        return found
    }

    /// What follows the `scan` subcommand: the executable and `scan` dropped.
    static func subcommandArguments(_ commandLine: [String]) -> [String] {
        let rest = commandLine.dropFirst()
        guard let index = rest.firstIndex(of: "scan") else { return Array(rest) }
        return Array(rest[rest.index(after: index)...])
    }
}
