import Foundation
import Testing

@testable import TrackCore
@testable import TrackEngine

@Suite("Numbers rounded to 12 digits")
struct NumberFormattingTests {
    @Test("the shortcut for short values gives what %.12g read back gives, for values short and long")
    func roundedTo12Digits() {
        var generator = SeededGenerator(seed: 5)
        var values: [Double] = [0.1 * 0.28, 1.1, 42, 2.4999999999999997e+24, 1e-5, 123_456_789.123_456_789, 0.42, -3.75, 1 / 3, 77.0]
        for _ in 0..<2_000 {
            let scale = pow(10, Double(Int(generator.uniform() * 40) - 20))
            values.append(generator.normal() * scale)
            values.append((generator.normal() * 1_000).rounded() / 100 * scale)
        }
        for value in values {
            #expect(value.roundedTo12Digits == Double(String(format: "%.12g", value)), "\(value)")
        }
    }
}
