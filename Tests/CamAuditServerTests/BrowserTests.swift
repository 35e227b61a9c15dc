import CamAuditTestSupport
import Foundation
import Testing

/// The dashboard in a real browser: `camaudit serve --demo` driven in headless Chromium through WebDriver
/// (Debian's chromium-driver, Selenium), on a phone-sized window: log in, see the lab's devices and a ban
/// verdict, filter, open a device and its findings, start a scan and watch it end.
@Suite("Dashboard in Chromium", .serialized)
struct BrowserTests {
    static let ready =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
        && (try? PythonScript.run("import selenium").status) == 0

    /// The `camaudit` of this build: beside the test runner (`.build/<triple>/debug/`).
    static func binary() -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(
            "camaudit")
    }

    /// The script the browser follows; it prints one line per check and exits 1 at the first that fails.
    static let script = #"""
        import sys, time
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        base, password = sys.argv[1], sys.argv[2]
        options = webdriver.ChromeOptions()
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=390,844"]:
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        wait = WebDriverWait(driver, 90)
        def check(condition, what):
            print(("ok " if condition else "FAILED ") + what, flush=True)
            if not condition:
                print(driver.page_source[:3000]); driver.quit(); sys.exit(1)
        try:
            driver.get(base + "/")
            check(driver.current_url.endswith("/login"), "a visitor is sent to the login page")
            driver.find_element(By.NAME, "name").send_keys("demo")
            driver.find_element(By.NAME, "password").send_keys(password)
            driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            wait.until(lambda d: "Overview" in d.title)
            # The first scheduled scan of the lab runs at start: wait for its devices.
            for _ in range(90):
                driver.get(base + "/")
                if "covered by a ban" in driver.page_source: break
                time.sleep(1)
            check("covered by a ban" in driver.page_source, "the overview shows ban verdicts")
            check(driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), "the overview fits a phone's width")
            # Verdicts come when a scan ends (hosts are saved as they are done, without them): wait for the first end.
            for _ in range(90):
                driver.get(base + "/devices?compliance=covered")
                rows = driver.find_elements(By.CSS_SELECTOR, "table tr td:first-child a")
                if rows: break
                time.sleep(1)
            check(len(rows) > 0, "filtering by ban verdict lists devices")
            rows[0].click()
            wait.until(lambda d: "Ban verdicts" in d.page_source)
            check("covered" in driver.page_source, "a device page shows its ban verdict")
            check("Findings" in driver.page_source and "badge" in driver.page_source, "a device page lists findings")
            driver.get(base + "/scans")
            driver.find_element(By.CSS_SELECTOR, "form[action='/scans/start'] button").click()
            wait.until(lambda d: "/scans/2" in d.current_url or "running already" in d.page_source)
            if "/scans/2" in driver.current_url:
                wait.until(lambda d: "completed ·" in d.page_source)
                check("completed ·" in driver.page_source, "a scan started from the page runs to its end")
            else:
                check(True, "a scheduled scan of the same targets was running: the page said so")
            # Between scheduled runs a lab device appears: an alert fires.
            for _ in range(120):
                driver.get(base + "/alerts")
                if "new-covered-device" in driver.page_source or "new-device" in driver.page_source: break
                time.sleep(1)
            check("new-covered-device" in driver.page_source or "new-device" in driver.page_source, "an alert fired for the new device")
        finally:
            driver.quit()
        """#

    @Test(.enabled(if: ready, "chromium-driver and python3-selenium are not installed: run scripts/setup"))
    func aNewcomerLogsInAndSeesTheLab() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let server = Process()
        server.executableURL = Self.binary()
        server.arguments = [
            "serve", "--demo", "--demo-interval", "8", "--port", "0", "--db", folder.appendingPathComponent("demo.sqlite").path,
        ]
        server.standardError = try FileHandle(forWritingTo: log)
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var address: String?
        var password: String?
        for _ in 0..<200 where address == nil {
            try await Task.sleep(for: .milliseconds(100))
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            password = text.firstMatch(of: /the password ([A-Za-z0-9]+)/).map { String($0.1) }
            address = text.firstMatch(of: /dashboard (http:\/\/127\.0\.0\.1:[0-9]+)\//).map { String($0.1) }
        }
        let base = try #require(address, "the server did not say where it listens")
        let outcome = try ChildProcess.run("python3", ["-c", Self.script, base, try #require(password)], timeout: .seconds(300))
        #expect(outcome.status == 0, "\(outcome.output.suffix(3000))")
        for line in [
            "ok the overview shows ban verdicts", "ok a device page shows its ban verdict", "ok the overview fits a phone's width",
        ] {
            #expect(outcome.stdout.contains(line))
        }
    }
}
