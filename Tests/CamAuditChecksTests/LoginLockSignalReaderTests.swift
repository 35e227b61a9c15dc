import CamAuditCatalog
import CamAuditChecks
import Testing

/// Lock signals read from answers as devices send them (protocols.md §2.2, §3.2, §8; lockout_policies.jsonl).
@Suite struct LoginLockSignalReaderTests {
    static let catalog = try? CredentialCatalog.bundled()

    static func signals(_ vendor: String) -> [LockoutPolicy.Signal] {
        catalog?.lockSignals(manufacturer: vendor, brand: nil) ?? []
    }

    @Test func hikvisionCountdownIsReadAndIsNotALock() {
        // protocols.md §2.2: 401 to bad credentials (public code sample).
        let body = "<userCheck><statusValue>401</statusValue><statusString>Unauthorized</statusString><lockStatus>unlock</lockStatus><unlockTime>0</unlockTime><retryLoginTime>5</retryLoginTime></userCheck>"
        let reading = LoginLockSignalReader.read(body, signals: Self.signals("Hikvision"))
        #expect(reading.locked == false)
        #expect(reading.attemptsLeft == 5)
    }

    @Test func hikvisionLockIsSeen() {
        // protocols.md §2.2: the locked answer (access terminal capture), with the XML declaration and CRLFs of ISAPI.
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<userCheck>\r\n<statusValue>401</statusValue>\r\n<statusString>Unauthorized</statusString>\r\n<isActivated>true</isActivated><lockStatus>lock</lockStatus><unlockTime>1800</unlockTime><retryLoginTime>0</retryLoginTime>\r\n</userCheck>\r\n"
        let reading = LoginLockSignalReader.read(body, signals: Self.signals("Hikvision"))
        #expect(reading.locked)
        #expect(reading.attemptsLeft == 0)
        #expect(reading.marker == "<lockStatus>lock</lockStatus>")
    }

    @Test func dahuaLockCodeIsSeenAndWrongPasswordIsNot() {
        // protocols.md §3.2 error codes (DahuaConsole); bodies as the firmware writes them.
        let locked = #"{"error":{"code":268632081,"message":"Component error: Device locked!"},"id":2,"params":null,"result":false,"session":1005027123}"#
        let wrong = #"{"error":{"code":268632085,"message":"Component error: User or password not valid!"},"id":2,"params":null,"result":false,"session":1005027123}"#
        let challenge = #"{"error":{"code":268632079,"message":"Component error: login challenge!"},"id":1,"params":{"authorization":"a1","encryption":"Default","random":"1234567","realm":"Login to 7J01F4DPAG6E2B9"},"result":false,"session":1005027123}"#
        #expect(LoginLockSignalReader.read(locked, signals: Self.signals("Dahua")).locked)
        #expect(LoginLockSignalReader.read(locked, signals: Self.signals("Dahua")).marker == "error code 268632081")
        #expect(!LoginLockSignalReader.read(wrong, signals: Self.signals("Dahua")).locked)
        #expect(!LoginLockSignalReader.read(challenge, signals: Self.signals("Dahua")).locked)
        // Amcrest runs Dahua firmware: its own policy carries the same code.
        #expect(LoginLockSignalReader.read(locked, signals: Self.signals("Amcrest")).locked)
    }

    @Test func reolinkLockCodesAndTextAreSeen() {
        // protocols.md §8: errors come as a JSON array with rspCode, served as text/html.
        let locked = #"[ { "cmd" : "Login", "code" : 1, "error" : { "detail" : "login locked", "rspCode" : -506 } } ]"#
        let frequent = #"[{"cmd":"Login","code":1,"error":{"rspCode":-105,"detail":"Frequent logins, please try again later!"}}]"#
        let wrong = #"[{"cmd":"Login","code":1,"error":{"rspCode":-7,"detail":"login failed"}}]"#
        let text = "<html><body>Login has been locked</body></html>"
        #expect(LoginLockSignalReader.read(locked, signals: Self.signals("Reolink")).locked)
        #expect(LoginLockSignalReader.read(frequent, signals: Self.signals("Reolink")).locked)
        #expect(!LoginLockSignalReader.read(wrong, signals: Self.signals("Reolink")).locked)
        #expect(LoginLockSignalReader.read(text, signals: Self.signals("Reolink")).locked)
    }

    @Test func tapoSuspensionIsSeen() {
        // lockout_policies.jsonl tp-link-tapo (pytapo): -40404 DEVICE_BLOCKED with sec_left.
        let blocked = #"{"error_code":-40404,"result":{"data":{"code":-40404,"time":0,"max_time":10,"sec_left":1795}}}"#
        #expect(LoginLockSignalReader.read(blocked, signals: Self.signals("TP-Link")).locked)
    }

    @Test func ordinaryRefusalsAndJunkAreNotLocks() {
        let bodies = [
            "<!DOCTYPE html>\r\n<html><head><title>Document Error: Unauthorized</title></head>\r\n<body><h2>Access Error: 401 -- Unauthorized</h2>\r\n<p>Authorization required</p>\r\n</body>\r\n</html>",
            "Error\r\nUnauthorized\r\n",
            #"{"Response":{"ResponseURL":"/LAPI/V1.0/System/DeviceBasicInfo","ResponseCode":3,"StatusCode":401,"StatusString":"Unauthorized","Data":"null"}}"#,
            "<lockStatus>unlock</lockStatus>", "{\"code\":", String(repeating: "[", count: 50_000), "",
        ]
        for vendor in ["Hikvision", "Dahua", "Reolink", "Uniview", "Axis"] {
            for body in bodies {
                #expect(!LoginLockSignalReader.read(body, signals: Self.signals(vendor)).locked, "\(vendor): \(body.prefix(40))")
            }
        }
    }
}
