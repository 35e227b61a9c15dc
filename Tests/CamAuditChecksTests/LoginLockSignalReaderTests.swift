import CamAuditCatalog
import CamAuditChecks
import Testing

/// Lock signals read from answers as devices send them; the signals are those of data/credentials/lockout-policies.json,
/// each with its public source there.
@Suite struct LoginLockSignalReaderTests {
    static let catalog = try? CredentialCatalog.bundled()

    static func signals(_ vendor: String) -> [LockoutPolicy.Signal] {
        catalog?.lockSignals(manufacturer: vendor, brand: nil) ?? []
    }

    @Test func hikvisionCountdownIsReadAndIsNotALock() {
        // ISAPI userCheck 401 to bad credentials, counting down in <retryLoginTime> (Hikvision DS-2CD6825G0/C-IVS
        // user manual, "Illegal Login Lock"); the body's values: lab assumption, no public sample.
        let body =
            "<userCheck><statusValue>401</statusValue><statusString>Unauthorized</statusString><lockStatus>unlock</lockStatus><unlockTime>0</unlockTime><retryLoginTime>5</retryLoginTime></userCheck>"
        let reading = LoginLockSignalReader.read(body, signals: Self.signals("Hikvision"))
        #expect(reading.locked == false)
        #expect(reading.attemptsLeft == 5)
    }

    @Test func hikvisionLockIsSeen() {
        // The locked userCheck answer (<lockStatus>lock</lockStatus>, <unlockTime> in seconds), with the XML declaration
        // and CRLFs of ISAPI; the values: lab assumption, no public sample.
        let body =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<userCheck>\r\n<statusValue>401</statusValue>\r\n<statusString>Unauthorized</statusString>\r\n<isActivated>true</isActivated><lockStatus>lock</lockStatus><unlockTime>1800</unlockTime><retryLoginTime>0</retryLoginTime>\r\n</userCheck>\r\n"
        let reading = LoginLockSignalReader.read(body, signals: Self.signals("Hikvision"))
        #expect(reading.locked)
        #expect(reading.attemptsLeft == 0)
        #expect(reading.marker == "<lockStatus>lock</lockStatus>")
    }

    @Test func dahuaLockCodeIsSeenAndWrongPasswordIsNot() {
        // Error codes 268632081 (device locked) and 268632079 (login challenge) from mcw0/DahuaConsole@5f8f35b13437 net.py;
        // the challenge body's shape from Greenbone NVT OID 1.3.6.1.4.1.25623.1.0.114085; the other bodies and the code
        // 268632085: lab assumption, no public sample.
        let locked =
            #"{"error":{"code":268632081,"message":"Component error: Device locked!"},"id":2,"params":null,"result":false,"session":1005027123}"#
        let wrong =
            #"{"error":{"code":268632085,"message":"Component error: User or password not valid!"},"id":2,"params":null,"result":false,"session":1005027123}"#
        let challenge =
            #"{"error":{"code":268632079,"message":"Component error: login challenge!"},"id":1,"params":{"authorization":"a1","encryption":"Default","random":"1234567","realm":"Login to 7J01F4DPAG6E2B9"},"result":false,"session":1005027123}"#
        #expect(LoginLockSignalReader.read(locked, signals: Self.signals("Dahua")).locked)
        #expect(LoginLockSignalReader.read(locked, signals: Self.signals("Dahua")).marker == "error code 268632081")
        #expect(!LoginLockSignalReader.read(wrong, signals: Self.signals("Dahua")).locked)
        #expect(!LoginLockSignalReader.read(challenge, signals: Self.signals("Dahua")).locked)
        // Amcrest runs Dahua firmware: its own policy carries the same code.
        #expect(LoginLockSignalReader.read(locked, signals: Self.signals("Amcrest")).locked)
    }

    @Test func reolinkLockCodesAndTextAreSeen() {
        // Reolink Camera HTTP API User Guide v7 error table (-105, -506, -7) and the text "Login has been locked"
        // (starkillerOG/reolink_aio@de3e17ddd1ab reolink_aio/api.py): errors come as a JSON array with rspCode.
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
        // JurajNyiri/pytapo@8c97d90d26c8 pytapo/const.py (-40404 DEVICE_BLOCKED) and pytapo/transport/pytapo/pytapo.py
        // (sec_left): the body's values are a lab assumption.
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
