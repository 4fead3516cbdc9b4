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

@Suite("The naive trend baseline for scores")
struct NaiveTrendBaselineTests {
    @Test("a random walk with drift fitted to the forecast's own series on the day it was made; none without a numeric target")
    func baseline() throws {
        let workspace = try PluginWorkspace(
            evaluate: "all: [{threshold: {indicator: price, subject: b, target: 0.2}}, {leader: {indicator: score, subject: r1}}]",
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
                      trend: {indicator: price, subject: a, target: 0.2}
                """)
        let (engine, problems) = workspace.engine()
        try #require(problems.isEmpty, "\(problems)")
        // Subject b: 1.0, 0.6, 0.4 on 2025-07-01, 10-01, 12-01; a fall on the log scale, so the walk runs on -ln(price).
        let days = [0.0, 92, 153].map { $0 / 365.25 }
        let walk = try #require(RandomWalkReference(times: days, values: [1.0, 0.6, 0.4].map { -log($0) }, minimumVolatility: 0.02))
        let horizon = (153 + 395) / 365.25 - days[2]  // 2025-12-01 to 2026-12-31
        let expected = walk.firstPassage(to: -log(0.2), within: horizon)
        let forecast = try #require(engine.workspace.prediction("forecast"))
        let naive = try #require(engine.naiveBaseline(for: forecast))
        #expect(abs(naive - expected) < 1e-12)
        #expect(naive > 0.5)
        #expect(engine.naiveBaseline(for: try #require(engine.workspace.prediction("no-target"))) == nil)
        #expect(engine.naiveBaseline(for: try #require(engine.workspace.prediction("too-early"))) == nil)  // one point then
    }
}
