import Testing
@testable import CamAuditProbes

@Suite struct AxisBasicDeviceInfoTests {
    @Test func readsTheUnrestrictedProperties() {
        let body = Array(
            #"{"apiVersion":"1.0","data":{"propertyList":{"Brand":"AXIS","BuildDate":"Apr 29 2020 06:50","ProdNbr":"M1065-LW","SerialNumber":"ACCC12345678","Version":"9.80.1"}}}"#
                .utf8)
        #expect(
            AxisBasicDeviceInfo.properties(in: body)
                == "Brand=AXIS;ProdNbr=M1065-LW;Version=9.80.1;SerialNumber=ACCC12345678;BuildDate=Apr 29 2020 06:50")
    }

    @Test(arguments: [
        #"{"apiVersion":"1.0","error":{"code":2001,"message":"Access forbidden"}}"#,
        #"{"data":{"propertyList":{"Brand":"AXIS"}}}"#,
        "<html>401</html>", "", #"{"data":[1,2,3]}"#,
    ])
    func anythingElseIsNotAnAnswer(body: String) {
        #expect(AxisBasicDeviceInfo.properties(in: Array(body.utf8)) == nil)
    }

    @Test func separatorsAndLengthAreBounded() {
        let long = String(repeating: "x", count: 500)
        let body = Array(#"{"data":{"propertyList":{"Brand":"AXIS;evil","ProdNbr":"\#(long)","Version":"1"}}}"#.utf8)
        let text = AxisBasicDeviceInfo.properties(in: body) ?? ""
        #expect(text.hasPrefix("Brand=AXIS,evil;ProdNbr="))
        #expect(text.count < 128 * 5 + 64)
    }
}
