import TestSupport
import Testing

@testable import TrackCore
@testable import TrackEngine
@testable import TrackEvaluators

@Suite("Statistics")
struct StatisticsTests {
    @Test(
        "Student's t matches published table values",
        arguments: [
            // (t, degrees of freedom, P(T <= t)), from standard t tables.
            (2.015, 5.0, 0.95), (1.372, 10.0, 0.90), (2.228, 10.0, 0.975), (0.0, 3.0, 0.5), (-1.833, 9.0, 0.05), (12.706, 1.0, 0.975),
        ])
    func tDistribution(t: Double, dof: Double, p: Double) {
        #expect(abs(StudentT(degreesOfFreedom: dof).cdf(t) - p) < 5e-4)
    }

    @Test("t quantiles invert the distribution")
    func quantiles() {
        let t = StudentT(degreesOfFreedom: 10)
        #expect(abs(t.quantile(0.9) - 1.3722) < 1e-3)
        #expect(abs(t.quantile(0.975) - 2.2281) < 1e-3)
        // NIST/SEMATECH e-Handbook 1.3.6.7.2: 12.706 at 1 degree of freedom, 2.042 at 30.
        #expect(abs(StudentT(degreesOfFreedom: 1).quantile(0.975) - 12.706) < 2e-3)
        #expect(abs(StudentT(degreesOfFreedom: 30).quantile(0.975) - 2.042) < 1e-3)
        #expect(abs(StudentT(degreesOfFreedom: 1000).quantile(0.975) - 1.962) < 2e-3)
    }

    @Test("a least-squares line recovers slope and intercept, with a wider interval farther out")
    func linearFit() throws {
        let x = [0.0, 1, 2, 3, 4, 5]
        let y = [1.1, 2.9, 5.2, 6.8, 9.1, 11.0]  // about 1 + 2x
        let fit = try #require(LinearFit(x: x, y: y))
        // By hand: Sxy = 34.85, Sxx = 17.5, mean x = 2.5, mean y = 6.0167.
        #expect(abs(fit.slope - 34.85 / 17.5) < 1e-9)
        #expect(abs(fit.intercept - (36.1 / 6 - 34.85 / 17.5 * 2.5)) < 1e-9)
        #expect(fit.rSquared > 0.99)
        #expect(fit.predictionStandardError(at: 20) > fit.predictionStandardError(at: 2.5))
        #expect(LinearFit(x: [1, 1, 1], y: [1, 2, 3]) == nil)
        #expect(LinearFit(x: [1, 2], y: [1, 2]) == nil)
    }
}
