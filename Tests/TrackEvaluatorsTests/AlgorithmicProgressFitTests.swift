import Foundation
import TestSupport
import Testing

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

@Suite("Halving time of compute for a fixed score, fitted")
struct AlgorithmicProgressFitTests {
    /// Models on an exact plane ln C = 50 + 2 logit(f) - (12 ln 2 / h) t, with small alternating offsets.
    private func points(halvingMonths h: Double, wobble: Double) -> [AlgorithmicProgressFit.Point] {
        (0..<20).map { i in
            let fraction = 0.2 + 0.03 * Double(i % 7)
            let years = 50 + 0.3 * Double(i)
            let lnC = 50 + 2 * log(fraction / (1 - fraction)) - 12 * log(2) / h * years + (i % 2 == 0 ? wobble : -wobble)
            return .init(flop: exp(lnC), fraction: fraction, years: years)
        }
    }

    @Test("an exact plane gives back its halving time, with a narrow interval around it", arguments: [6.0, 8.0, 20.0])
    func recovers(halvingMonths: Double) throws {
        let fit = try #require(AlgorithmicProgressFit(points(halvingMonths: halvingMonths, wobble: 0.01)))
        #expect(abs(fit.halvingMonths - halvingMonths) / halvingMonths < 0.02)
        #expect(fit.low < fit.halvingMonths)
        #expect(try #require(fit.high) > fit.halvingMonths)
    }

    @Test("compute that does not fall with time gives no fit; too few models give none")
    func noFit() {
        let rising = points(halvingMonths: -8, wobble: 0.01)
        #expect(AlgorithmicProgressFit(rising) == nil)
        #expect(AlgorithmicProgressFit(Array(points(halvingMonths: 8, wobble: 0.01).prefix(7))) == nil)
    }
}
