import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackEngine
@testable import Tracker

@Suite("Time-averaged scores and the scoreboard")
struct ScoreboardTests {
    static func day(_ text: String) -> Day { Day(text)! }

    @Test("the prior 0.5 stands before a scorer's first probability; each value until the next (by hand)")
    func timeAveraged() throws {
        // Window 2026-01-01 to 2026-01-10 (ten days), outcome no. 0.5 for three days, 0.2 for five, 0.6 for two:
        // Brier (3 x 0.25 + 5 x 0.04 + 2 x 0.36) / 10 = 0.167; log (3 ln 0.5 + 5 ln 0.8 + 2 ln 0.4) / 10.
        let window = ScoringWindow(first: Self.day("2026-01-01"), last: Self.day("2026-01-10"))
        let score = try #require(
            TimeAveragedScore([(Self.day("2026-01-04"), 0.2), (Self.day("2026-01-09"), 0.6)], window: window, happened: false))
        #expect(abs(score.brier - 0.167) < 1e-12)
        #expect(abs(score.logScore - (3 * log(0.5) + 5 * log(0.8) + 2 * log(0.4)) / 10) < 1e-12)
        #expect(score.days == 10 && score.coveredDays == 7)
        // Its own probabilities, over the days it had one: (5 x 0.2 + 2 x 0.6) / 7.
        #expect(abs(score.meanProbability - 2.2 / 7) < 1e-12)
    }

    @Test("a value from before the window stands on its first day; values after it do not count; of one day, the last")
    func edges() throws {
        let window = ScoringWindow(first: Self.day("2026-01-01"), last: Self.day("2026-01-04"))
        // 0.9 from before the window, 0.3 then 0.1 on 2026-01-03 (the last stands), 0.99 after the window: yes.
        let score = try #require(
            TimeAveragedScore(
                [
                    (Self.day("2025-12-01"), 0.9), (Self.day("2026-01-03"), 0.3), (Self.day("2026-01-03"), 0.1),
                    (Self.day("2026-01-05"), 0.99),
                ],
                window: window, happened: true))
        // 0.9 for two days, 0.1 for two: (2 x 0.01 + 2 x 0.81) / 4 = 0.41.
        #expect(abs(score.brier - 0.41) < 1e-12)
        #expect(score.coveredDays == 4)
        // Nothing dated within or before the window: not covered.
        #expect(TimeAveragedScore([(Self.day("2026-01-05"), 0.99)], window: window, happened: true) == nil)
        // Certainty that misses is clamped as ProbabilityScores clamps it.
        let certain = try #require(TimeAveragedScore([(Self.day("2026-01-01"), 0.0)], window: window, happened: true))
        #expect(abs(certain.logScore - log(0.01)) < 1e-10)
    }

    @Test("the window runs from the day the forecast was made to the day before it resolved, at least one day")
    func window() throws {
        func prediction(made: String, deadline: String) -> Prediction {
            Prediction(
                id: "x", statement: "s", source: "a", made: Self.day(made), deadline: Deadline(deadline)!, probability: nil, criteria: "c",
                tags: [], evaluate: nil, resolution: nil, notes: nil, mark: SourceMark(file: "p", line: 1, column: 1))
        }
        let resolution = Resolution(outcome: .yes, date: Self.day("2026-03-01"), source: "s", note: nil)
        let early = ScoringWindow(prediction(made: "2026-01-01", deadline: "2026-12-31"), resolution: resolution)
        #expect(early.first == Self.day("2026-01-01") && early.last == Self.day("2026-02-28") && early.days == 59)
        // Resolved after its deadline: the window ends the day before the deadline.
        let late = ScoringWindow(prediction(made: "2026-01-01", deadline: "2026-01-31"), resolution: resolution)
        #expect(late.last == Self.day("2026-01-30"))
        let sameDay = ScoringWindow(prediction(made: "2026-03-01", deadline: "2026-12-31"), resolution: resolution)
        #expect(sameDay.days == 1 && sameDay.first == Self.day("2026-03-01"))
    }

    @Test("the paired bootstrap is seeded, brackets the mean, and collapses when every difference is the same")
    func bootstrap() throws {
        let bootstrap = PairedBootstrap()
        let differences = (0..<40).map { Double($0 % 7) / 10 - 0.2 }
        let interval = try #require(bootstrap.interval(differences, seed: "s"))
        #expect(bootstrap.interval(differences, seed: "s") == interval)
        #expect(bootstrap.interval(differences, seed: "t") != interval)
        let mean = differences.reduce(0, +) / 40
        #expect(interval.lowerBound < mean && mean < interval.upperBound)
        // Against the normal approximation of the mean's sampling distribution: mean ± 1.96 s / √n, with the
        // plug-in s of the bootstrap (divided by n). The percentile interval of 2000 draws is within 15% of it.
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 40
        let half = 1.959964 * (variance / 40).squareRoot()
        #expect(abs((interval.upperBound - interval.lowerBound) / (2 * half) - 1) < 0.15)
        let constant = try #require(bootstrap.interval([0.05, 0.05, 0.05], seed: "s"))
        #expect(abs(constant.lowerBound - 0.05) < 1e-15 && abs(constant.upperBound - 0.05) < 1e-15)
        #expect(bootstrap.interval([], seed: "s") == nil)
        // Type 7 quantiles, as R's quantile(c(1, 2, 3, 4), c(0.25, 0.975)) gives: 1.75 and 3.925.
        #expect(PairedBootstrap.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(abs(PairedBootstrap.quantile([1, 2, 3, 4], 0.975) - 3.925) < 1e-12)
    }

    @Test("the naive baseline is a scorer: one probability from the day the forecast was made")
    func naive() throws {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(
                """
                  - id: a
                    statement: S.
                    source: article
                    made: 2026-01-01
                    deadline: 2026-12-31
                    probability: 0.8
                    criteria: C.
                    resolution: {outcome: yes, date: 2026-01-11, source: s}
                  - id: b
                    statement: S.
                    source: article
                    made: 2026-01-01
                    deadline: 2026-12-31
                    criteria: C.
                    resolution: {outcome: ambiguous, date: 2026-01-11, source: s}
                """)
        ])
        let workspace = fixture.load().workspace
        let board = Scoreboard(workspace: workspace, predictions: workspace.predictions, history: { _ in [] }, naive: { _ in 0.3 })
        #expect(board.items.map(\.id) == ["a"])  // the ambiguous one is left out
        let naive = try #require(board.rows.first { $0.kind == .naive })
        // Always 0.3 on a yes: Brier 0.49.
        #expect(naive.forecasts == 1 && abs((naive.brier ?? 0) - 0.49) < 1e-12)
        let stated = try #require(board.rows.first { $0.scorer == Settings.statedName })
        #expect(abs((stated.brier ?? 0) - 0.04) < 1e-12)
        #expect(stated.againstTracker == nil)  // the tracker covered nothing
    }
}
