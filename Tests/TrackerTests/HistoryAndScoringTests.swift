import Foundation
import GRDB
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

@Suite("History and scoring")
struct HistoryAndScoringTests {
    @Test("runs round-trip through the store; a backtest of a day replaces the earlier one")
    func roundTrip() throws {
        let fixture = try TemporaryWorkspace()
        let store = try HistoryStore(path: fixture.path(".track/history.sqlite"))
        let day = try #require(Day("2026-01-01"))
        let evaluation = Evaluation(predictionID: "f", asOf: day, status: .atRisk, probability: 0.42, summary: "s", assessment: nil)
        try store.store([evaluation], asOf: day, kind: .recorded, gitCommit: "abc", trackVersion: "t")
        try store.store([evaluation], asOf: day.adding(days: -30), kind: .backtest, gitCommit: nil, trackVersion: "t")
        try store.store([evaluation], asOf: day.adding(days: -30), kind: .backtest, gitCommit: nil, trackVersion: "t")
        #expect(try store.runCount(.backtest) == 1)
        let history = try store.history(of: "f")
        #expect(history.map(\.kind) == [.backtest, .recorded])
        #expect(history.last?.probability == 0.42)
        #expect(history.last?.status == .atRisk)
        #expect(try store.latestRecordedRun()?.run.gitCommit == "abc")
        #expect(try HistoryStore(path: fixture.path(".track/history.sqlite")).history(of: "f").count == 2)
    }

    @Test("a damaged database is an error that says how to start afresh, never an empty history")
    func damaged() throws {
        let fixture = try TemporaryWorkspace([".track/history.sqlite": String(repeating: "not a database ", count: 200)])
        do {
            _ = try HistoryStore(path: fixture.path(".track/history.sqlite"))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("mv "))
        }
    }

    @Test("a database another process keeps busy is Busy after the wait (exit 75), not 'damaged'")
    func busy() throws {
        let fixture = try TemporaryWorkspace()
        let path = fixture.path(".track/history.sqlite")
        let store = try HistoryStore(path: path, busyTimeout: 0.2)
        let day = try #require(Day("2026-01-01"))
        // Another connection holds the write lock while the store tries to write.
        try DatabaseQueue(path: path).inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            #expect(throws: HistoryStore.Busy.self) {
                try store.store([], asOf: day, kind: .recorded, gitCommit: nil, trackVersion: "t")
            }
            try db.execute(sql: "ROLLBACK")
        }
    }

    @Test("an SQLite file of another program is refused and left byte for byte as it was")
    func foreign() throws {
        let fixture = try TemporaryWorkspace()
        let path = fixture.path("other.sqlite")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: HistoryStore.Failure.self) { try HistoryStore(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("read-only access reads a history without writing, and a missing one as empty")
    func readOnly() throws {
        let fixture = try TemporaryWorkspace()
        let path = fixture.path(".track/history.sqlite")
        let day = try #require(Day("2026-01-01"))
        let evaluation = Evaluation(predictionID: "f", asOf: day, status: .atRisk, probability: 0.42, summary: "s", assessment: nil)
        try HistoryStore(path: path).store([evaluation], asOf: day, kind: .recorded, gitCommit: nil, trackVersion: "t")
        let reader = try HistoryStore(path: path, access: .readOnly)
        #expect(try reader.history(of: "f").map(\.probability) == [0.42])
        #expect(throws: HistoryStore.Failure.self) { try reader.store([], asOf: day, kind: .recorded, gitCommit: nil, trackVersion: "t") }
        let missing = fixture.path("elsewhere/history.sqlite")
        #expect(try HistoryStore(path: missing, access: .readOnly).history(of: "f").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test("a history missing after runs were recorded in it is a warning that names it")
    func missingAfterRuns() throws {
        let fixture = try TemporaryWorkspace()
        let path = fixture.path(".track/history.sqlite")
        let ledger = fixture.path("data/histories")
        let day = try #require(Day("2026-01-01"))
        try HistoryStore(path: path, ledger: ledger).store([], asOf: day, kind: .recorded, gitCommit: nil, trackVersion: "t")
        #expect(try HistoryStore(path: path, ledger: ledger).warnings.isEmpty)
        try FileManager.default.removeItem(atPath: path)
        let warnings = try HistoryStore(path: path, ledger: ledger).warnings
        #expect(warnings.count == 1)
        #expect(
            warnings.first?.hasPrefix("the history \(URL(fileURLWithPath: path).standardizedFileURL.path) is missing") == true,
            "\(warnings)")
    }

    @Test("Brier, log score, skill and calibration, against values worked out by hand")
    func scores() throws {
        // Stated p 0.8 yes, 0.3 no, 0.6 no, 0.9 yes.
        let scores = try #require(ProbabilityScores([(0.8, true), (0.3, false), (0.6, false), (0.9, true)]))
        let brier: Double = (0.04 + 0.09 + 0.36 + 0.01) / 4  // 0.125
        #expect(abs(scores.brier - brier) < 1e-12)
        let logScore: Double = (log(0.8) + log(0.7) + log(0.4) + log(0.9)) / 4  // -0.4004
        #expect(abs(scores.logScore - logScore) < 1e-12)
        #expect(abs(scores.skill - 0.5) < 1e-12)
        let bins = CalibrationBin.table([(0.8, true), (0.3, false), (0.6, false), (0.9, true), (0.65, true), (1.0, true)])
        #expect(bins.map(\.count) == [1, 2, 1, 2])
        #expect(bins.map(\.lower) == [0.3, 0.6, 0.8, 0.9])
        #expect(bins[1].observedFrequency == 0.5)
        #expect(abs(bins[1].meanProbability - 0.625) < 1e-12)
        // Certainty that misses is clamped, not minus infinity.
        #expect(try #require(ProbabilityScores([(0.0, true)])).logScore == log(0.01))
    }

    @Test("the tracker's probability is averaged over time, weighted by days")
    func timeAverage() throws {
        let start = try #require(Day("2026-01-01"))
        let points = [
            HistoryStore.Point(asOf: start, recordedAt: Date(), kind: .recorded, status: .atRisk, probability: 0.2, summary: ""),
            HistoryStore.Point(
                asOf: start.adding(days: 10), recordedAt: Date(), kind: .recorded, status: .atRisk, probability: 0.6, summary: ""),
        ]
        #expect(abs(try #require(ScoreReport.timeAverage(points, until: start.adding(days: 20))) - 0.4) < 1e-12)
        let expected: Double = (0.2 * 10 + 0.6 * 30) / 40
        let average = try #require(ScoreReport.timeAverage(points, until: start.adding(days: 40)))
        #expect(abs(average - expected) < 1e-12)
    }

    @Test("the report scores yes/no resolutions, leaves out ambiguous and annulled ones, and groups")
    func report() throws {
        func forecast(_ id: String, _ p: Double, _ outcome: String, tag: String) -> String {
            """
              - id: \(id)
                statement: S.
                source: article
                made: 2025-01-01
                deadline: 2025-12-31
                probability: \(p)
                criteria: C.
                tags: [\(tag)]
                resolution: {outcome: \(outcome), date: 2025-12-31, source: s}

            """
        }
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(
                forecast("a", 0.8, "yes", tag: "x") + forecast("b", 0.3, "no", tag: "x") + forecast("c", 0.6, "no", tag: "y")
                    + forecast("d", 0.9, "yes", tag: "y") + forecast("e", 0.5, "annulled", tag: "y")
                    + forecast("f", 0.5, "ambiguous", tag: "y"))
        ])
        let workspace = fixture.load().workspace
        let report = ScoreReport(workspace: workspace, history: { _ in [] }, by: .tag)
        #expect(report.items.count == 4)
        #expect(report.leftOut == ["annulled": 1, "ambiguous": 1])
        #expect(abs(try #require(report.stated).brier - 0.125) < 1e-12)
        #expect(report.tracker == nil)
        #expect(report.groups.map(\.name) == ["x", "y"])
        #expect(abs(try #require(report.groups[0].stated).brier - (0.04 + 0.09) / 2) < 1e-12)
    }
}

@Suite("Skill against the naive baseline")
struct NaiveSkillTests {
    @Test("1 - Brier / the naive Brier, on the forecasts that have both")
    func skill() {
        let items = [
            ScoreReport.Item(id: "a", happened: true, stated: 0.8, tracker: nil, trackerFrom: nil, naive: 0.5),
            ScoreReport.Item(id: "b", happened: false, stated: 0.4, tracker: nil, trackerFrom: nil, naive: 0.7),
            ScoreReport.Item(id: "c", happened: true, stated: 0.9, tracker: nil, trackerFrom: nil, naive: nil),
        ]
        // Stated Brier on a, b: (0.04 + 0.16) / 2 = 0.1; naive: (0.25 + 0.49) / 2 = 0.37.
        let expected: Double = 1 - 0.1 / 0.37
        #expect(abs((ScoreReport.skill(items, \.stated) ?? .nan) - expected) < 1e-12)
        #expect(ScoreReport.skill(items, \.tracker) == nil)
    }
}
