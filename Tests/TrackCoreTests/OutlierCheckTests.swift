import Foundation
import TestSupport
import Testing

@testable import TrackCore

/// The outlier screen: a value far outside both its neighbours is flagged, with its place and theirs;
/// a level shift, a steady trend and a quiet series are not.
@Suite("Outliers in a series")
struct OutlierCheckTests {
    /// Twelve prices between 10 and 14 (one a month), the sixth replaced by `odd`.
    static func prices(odd: Double) -> String {
        let values = [10.0, 11, 12.5, 11.8, 13, odd, 12.2, 13.5, 12.8, 14, 13.1, 12.6]
        return "name: Price\nunit: usd\nbetter: lower\nobservations:\n"
            + values.enumerated().map { "  - {date: 2025-\(String(format: "%02d", $0.offset + 1))-01, value: \($0.element), source: s}" }
            .joined(separator: "\n") + "\n"
    }

    @Test("a value 1000 among values of 10-14 is flagged at its line, naming both neighbours", arguments: [1000.0, 0.01])
    func flagged(odd: Double) throws {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(), "indicators/price.yaml": Self.prices(odd: odd),
        ])
        let warnings = fixture.load().warnings.rendered
        #expect(warnings.count == 1, "\(warnings)")
        let warning = try #require(warnings.first)
        // The sixth observation is on line 10 of the file (four header lines).
        #expect(warning.hasPrefix("price.yaml:10:5: warning: price value \(odd.formatted) on 2025-06-01 is far outside its neighbours"))
        #expect(warning.contains("13 on 2025-05-01 at line 9") && warning.contains("12.2 on 2025-07-01 at line 11"))
    }

    @Test("a plausible value, a level shift, a steady trend and a flat series are not flagged")
    func notFlagged() throws {
        let logs = { (values: [Double]) in values.map { log($0) } }
        // 16, not 1000: a large move, but within the series' own steps (about 6% a month, 1.3 robust deviations).
        #expect(OutlierCheck.outliers(in: logs([10, 11, 12.5, 11.8, 13, 16, 12.2, 13.5, 12.8, 14]), minimumSpread: 0.02).isEmpty)
        // A price cut that stays: it moves away from one neighbour only.
        #expect(OutlierCheck.outliers(in: logs([1.1, 1.1, 1.1, 1.1, 0.28, 0.28, 0.28, 0.28]), minimumSpread: 0.02).isEmpty)
        // Tenfold a year, smoothly.
        #expect(OutlierCheck.outliers(in: (0..<12).map { Double($0) * 0.19 }, minimumSpread: 0.02).isEmpty)
        #expect(OutlierCheck.outliers(in: Array(repeating: 2.0, count: 10), minimumSpread: 0.02).isEmpty)
        // The same spike as a one-off promotion on a flat price: flagged (ln 2 / 0.02 = 35 robust deviations).
        let promotion = OutlierCheck.outliers(in: logs([1.1, 1.1, 1.1, 0.55, 1.1, 1.1, 1.1]), minimumSpread: 0.02)
        #expect(promotion.map(\.index) == [3])
        #expect(abs(try #require(promotion.first).deviations - log(2) / 0.02) < 1e-9)
    }
}
