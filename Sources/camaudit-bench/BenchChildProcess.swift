import Foundation

#if canImport(Glibc)
    import Glibc

    /// One child process run to its end, with what `wait4` measured.
    struct BenchChildProcess {
        let arguments: [String]
        let exitStatus: Int32
        let wallSeconds: Double
        /// Peak resident set size in bytes (ru_maxrss).
        let peakResidentBytes: Int
        let standardOutput: String
        let standardError: String

        enum Failure: Error, CustomStringConvertible {
            /// posix_spawn refused to start the program.
            case spawn(String, String)

            var description: String {
                switch self {
                case .spawn(let program, let why): return "Could not start \(program) (\(why)); check that it is installed and executable."
                }
            }
        }

        /// Runs `executable` with `arguments`, its output captured in temporary files (no pipe to drain).
        static func run(_ executable: String, _ arguments: [String]) throws -> BenchChildProcess {
            let directory = FileManager.default.temporaryDirectory.path
            let tag = "camaudit-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let outputPath = "\(directory)/\(tag).out"
            let errorPath = "\(directory)/\(tag).err"
            defer {
                unlink(outputPath)
                unlink(errorPath)
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

            let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            var pid: pid_t = 0
            let started = Date()
            let status = argv.withUnsafeBufferPointer { pointer -> Int32 in
                guard let base = pointer.baseAddress else { return EINVAL }
                return posix_spawn(&pid, executable, &actions, nil, base, environ)
            }
            guard status == 0 else { throw Failure.spawn(executable, String(cString: strerror(status))) }
            var waitStatus: Int32 = 0
            var usage = rusage()
            while wait4(pid, &waitStatus, 0, &usage) < 0, errno == EINTR {}
            let wall = Date().timeIntervalSince(started)
            let exited = waitStatus & 0x7f == 0 ? (waitStatus >> 8) & 0xff : 128 + (waitStatus & 0x7f)
            return BenchChildProcess(
                arguments: [executable] + arguments, exitStatus: exited, wallSeconds: wall,
                peakResidentBytes: Int(usage.ru_maxrss) * 1024,
                standardOutput: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
                standardError: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
        }

        /// This program's own file, to run it again as a child.
        static var currentExecutable: String {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        }

        /// The program called `name` next to this one (`camaudit` beside `camaudit-bench` in the build folder), if it is there.
        static func sibling(_ name: String) -> String? {
            let path = URL(fileURLWithPath: currentExecutable).deletingLastPathComponent().appendingPathComponent(name).path
            return access(path, X_OK) == 0 ? path : nil
        }

        /// The first executable called `name` on PATH.
        static func find(_ name: String) -> String? {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if access(candidate, X_OK) == 0 { return candidate }
            }
            return nil
        }
    }
#endif
