import CamAuditCatalog
import CamAuditCore
import Testing

/// One example of the shipped catalog, as its own test case.
struct CatalogExampleCase: Sendable, CustomTestStringConvertible {
    let fileIndex: Int
    let fingerprintIndex: Int
    let exampleIndex: Int
    let label: String
    var testDescription: String { label }

    static let all: [CatalogExampleCase] = {
        guard let catalog = try? FingerprintCatalog.bundled() else { return [] }
        var cases: [CatalogExampleCase] = []
        for (fileIndex, file) in catalog.files.enumerated() {
            for (fingerprintIndex, fingerprint) in file.fingerprints.enumerated() {
                for exampleIndex in fingerprint.examples.indices {
                    cases.append(
                        CatalogExampleCase(
                            fileIndex: fileIndex, fingerprintIndex: fingerprintIndex, exampleIndex: exampleIndex,
                            label: "\(fingerprint.id)#\(exampleIndex + 1)"))
                }
            }
        }
        return cases
    }()
}

@Suite struct BundledCatalogTests {
    @Test func bundledCatalogLintsClean() throws {
        let catalog = try FingerprintCatalog.bundled()
        let diagnostics = catalog.lint()
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(catalog.fingerprintCount >= 150)
        #expect(catalog.exampleCount == CatalogExampleCase.all.count)
    }

    @Test(arguments: CatalogExampleCase.all)
    func exampleMatchesItsOwnEntryFirstAndExactly(_ testCase: CatalogExampleCase) throws {
        let catalog = try FingerprintCatalog.bundled()
        let file = catalog.files[testCase.fileIndex]
        let fingerprint = file.fingerprints[testCase.fingerprintIndex]
        let example = fingerprint.examples[testCase.exampleIndex]
        let matches = catalog.matches(field: file.field, value: example.value)
        let first = try #require(matches.first, "no fingerprint matches \(example.value.debugDescription)")
        #expect(first.fingerprint.id == fingerprint.id)
        #expect(first.attributes == example.expect)
    }

    @Test func everyEntryHasASourceAndAKnownField() throws {
        let catalog = try FingerprintCatalog.bundled()
        for file in catalog.files {
            #expect(file.path.hasSuffix("/\(file.field.rawValue).json"))
            for fingerprint in file.fingerprints {
                #expect(!fingerprint.source.isEmpty, "\(fingerprint.id)")
                #expect(!fingerprint.examples.isEmpty, "\(fingerprint.id)")
            }
        }
    }

    @Test func capturedVendorNamesAreNormalised() throws {
        let catalog = try FingerprintCatalog.bundled()
        let matches = catalog.matches(
            field: .onvifDeviceInformation,
            value: "Manufacturer=HIKVISION;Model=DS-2CD2042WD-I;FirmwareVersion=V5.4.5 build 170124;SerialNumber=X;HardwareId=88")
        #expect(matches.first?.attributes["manufacturer"] == "Hikvision")
        let ezviz = catalog.matches(
            field: .onvifDeviceInformation, value: "Manufacturer=EZVIZ;Model=CS-C6N;FirmwareVersion=V5.3.0;SerialNumber=;HardwareId=")
        #expect(ezviz.first?.attributes["brand"] == "EZVIZ")
        #expect(ezviz.first?.attributes["manufacturer"] == nil)
    }

    @Test func hostileValueIsBoundedInTime() throws {
        let catalog = try FingerprintCatalog.bundled()
        // 1 MB built to provoke backtracking in patterns with alternations and wildcards.
        let hostile = String(repeating: "g_szCacheTime iVMS Login to ", count: 40_000) + String(repeating: "a", count: 1_000_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for file in catalog.files {
                _ = catalog.matches(field: file.field, value: hostile)
            }
        }
        #expect(elapsed < .seconds(10), "matching a 1 MB value on every field took \(elapsed)")
    }
}
