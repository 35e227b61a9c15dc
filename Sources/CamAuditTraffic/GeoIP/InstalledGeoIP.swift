import Foundation

/// The country database `camaudit traffic` uses when no `--geoip` is given: the one `scripts/setup`
/// installs from PyPI (`python-geoacumen`, Geoacumen-Country under the Apache License 2.0), found without
/// running Python. camaudit bundles no database.
///
/// Where it looks, first found wins:
/// 1. `CAMAUDIT_GEOIP`: a `.mmdb` path (several joined with `:`); empty or `none` turns the default off.
/// 2. `$XDG_DATA_HOME/camaudit/country.mmdb` (default `~/.local/share/camaudit/country.mmdb`): the link
///    `scripts/setup` makes to the file pip installed, wherever that Python keeps its packages.
/// 3. `geoacumen/db/Geoacumen-Country.mmdb` in the usual site-packages folders: a virtual environment
///    (`$VIRTUAL_ENV`), the user's (`~/.local`), `/usr/local` and `/usr` (`lib/python3.*/{site,dist}-packages`),
///    `/usr/lib/python3/dist-packages`, and pyenv's (`~/.pyenv/versions/*`), for a `pip install` made without setup.
public enum InstalledGeoIP {
    /// The environment variable that names the database, or turns the default off.
    public static let environmentVariable = "CAMAUDIT_GEOIP"
    /// Where the package keeps its database, under a site-packages folder.
    public static let packagePath = "geoacumen/db/Geoacumen-Country.mmdb"

    /// How the default database was chosen (or why there is none), for the user's note.
    public enum Choice: Sendable, Hashable {
        /// Paths named by `CAMAUDIT_GEOIP`.
        case environment([String])
        /// The link `scripts/setup` made, or the package found in a site-packages folder.
        case installed(String)
        /// `CAMAUDIT_GEOIP` is empty or `none`.
        case turnedOff
        /// Nothing found.
        case notFound

        public var paths: [String] {
            switch self {
            case .environment(let paths): return paths
            case .installed(let path): return [path]
            case .turnedOff, .notFound: return []
            }
        }
    }

    /// The choice for this process's environment and file system.
    public static func locate() -> Choice {
        locate(
            environment: ProcessInfo.processInfo.environment, home: NSHomeDirectory(),
            fileExists: { FileManager.default.fileExists(atPath: $0) },
            contents: { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] })
    }

    /// The choice for `environment`, with the file system given as functions (tests give their own).
    public static func locate(
        environment: [String: String], home: String, fileExists: (String) -> Bool,
        contents: (String) -> [String]
    ) -> Choice {
        if let named = environment[environmentVariable] {
            let paths = named.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            if paths.isEmpty || paths == ["none"] { return .turnedOff }
            return .environment(paths)
        }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.local/share"
        let link = "\(dataHome)/camaudit/country.mmdb"
        if fileExists(link) { return .installed(link) }
        for folder in sitePackages(environment: environment, home: home, contents: contents) {
            let candidate = "\(folder)/\(packagePath)"
            if fileExists(candidate) { return .installed(candidate) }
        }
        return .notFound
    }

    /// The site-packages folders searched, in order.
    static func sitePackages(environment: [String: String], home: String, contents: (String) -> [String]) -> [String] {
        var prefixes: [String] = []
        if let virtualEnvironment = environment["VIRTUAL_ENV"], !virtualEnvironment.isEmpty { prefixes.append(virtualEnvironment) }
        prefixes += ["\(home)/.local", "/usr/local", "/usr"]
        let pyenv = environment["PYENV_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.pyenv"
        prefixes += contents("\(pyenv)/versions").sorted(by: >).map { "\(pyenv)/versions/\($0)" }
        var folders: [String] = []
        for prefix in prefixes {
            // Newest Python first: `python3.13` sorts after `python3.9` only when compared by number.
            let pythons = contents("\(prefix)/lib").filter { $0.hasPrefix("python3") }
                .sorted { Self.minorVersion($0) > Self.minorVersion($1) }
            for python in pythons {
                folders.append("\(prefix)/lib/\(python)/site-packages")
                folders.append("\(prefix)/lib/\(python)/dist-packages")
            }
        }
        folders.append("/usr/lib/python3/dist-packages")
        return folders
    }

    static func minorVersion(_ folder: String) -> Int {
        Int(folder.dropFirst("python3.".count)) ?? -1
    }

    /// What to tell the user when no database is in use and none was turned off.
    public static let notFoundAdvice =
        "no country database found: run scripts/setup (it installs Geoacumen-Country from PyPI), "
        + "set \(environmentVariable)=FILE.mmdb, or give --geoip FILE.mmdb; --no-geoip silences this"
}
