import Testing
@testable import Plugins
import Tracker

@Suite("The naive trend baseline for scores")
struct NaiveTrendBaselineTests {
    @Test("the forecast's own indicator, extrapolated from the day it was made; none without a numeric target")
    func baseline() throws {
        let workspace = try PluginWorkspace(
            evaluate: "all: [{threshold: {indicator: price, target: 0.2}}, {leader: {indicator: score, subject: r1}}]",
            indicators: ["price": Examples.falling, "score": Examples.scores], made: "2025-12-15", deadline: "2026-12-31",
            extraPredictions: """
              - id: no-target
                statement: S.
                source: test
                made: 2025-12-15
                deadline: 2026-12-31
                criteria: C.
                evaluate:
                  leader: {indicator: score, subject: r1}
              - id: too-early
                statement: S.
                source: test
                made: 2025-02-01
                deadline: 2026-12-31
                criteria: C.
                evaluate:
                  trend: {indicator: price, target: 0.2}
            """)
        let (engine, problems) = workspace.engine()
        try #require(problems.isEmpty, "\(problems)")
        let baseline = NaiveTrendBaseline(workspace: engine.workspace)
        // The same number the trend plugin gives on the day the forecast was made.
        let trend = try PluginWorkspace(
            evaluate: "trend: {indicator: price, target: 0.2}", indicators: ["price": Examples.falling], made: "2025-12-15", deadline: "2026-12-31")
        let expected = try #require(try trend.evaluate(asOf: "2025-12-15").probability)
        let forecast = try #require(engine.workspace.prediction("forecast"))
        let naive = try #require(baseline.probability(for: forecast))
        #expect(abs(naive - expected) < 1e-12)
        #expect(naive > 0.5)
        #expect(baseline.probability(for: try #require(engine.workspace.prediction("no-target"))) == nil)
        #expect(baseline.probability(for: try #require(engine.workspace.prediction("too-early"))) == nil)  // two points then
    }
}
