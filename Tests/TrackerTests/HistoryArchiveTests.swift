import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

@Suite("The history as text files, and the index built from them")
struct HistoryArchiveTests {
    private let day = Day("2026-11-20")!
    /// 2026-11-20T07:00:00Z: 20,777 days after 1970-01-01 (Day's own count is checked in DayTests), plus 7 hours.
    private let seven = Date(timeIntervalSince1970: 20_777 * 86_400 + 7 * 3_600)

    private func evaluation(_ id: String, _ probability: Double?, _ status: Status = .atRisk) -> Evaluation {
        let evidence = Evidence(
            label: "price / v3", value: "0.42 usd_per_mtok", date: Day("2025-09-29"), source: "https://example.com/p", indicator: "price")
        return Evaluation(
            predictionID: id, asOf: day, status: status, probability: probability, summary: "s \(id)",
            assessment: Assessment(verdict: .pending, probability: probability, summary: "s", evidence: [evidence]))
    }

    private func run(
        _ evaluations: [Evaluation], asOf: Day? = nil, kind: HistoryStore.RunKind = .recorded, runner: String = "alice",
        at time: Date? = nil
    ) -> ArchivedRun {
        ArchivedRun(
            evaluations, asOf: asOf ?? day, kind: kind, recordedAt: time ?? seven, runner: runner, trackVersion: "t", gitCommit: "abc",
            dirty: false)
    }

    @Test("a run file is a header line then one line per forecast, keys sorted, probabilities to four places, sorted by id")
    func fileText() throws {
        let text = try run([evaluation("b", 0.123456), evaluation("a", nil, .untestable)]).text()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3 && text.hasSuffix("\n"))
        #expect(
            lines[0]
                == #"{"asOf":"2026-11-20","dirty":false,"format":1,"gitCommit":"abc","kind":"recorded","recordedAt":"2026-11-20T07:00:00Z","runner":"alice","trackVersion":"t"}"#
        )
        #expect(
            lines[1].hasPrefix(
                #"{"evidence":[{"date":"2025-09-29","indicator":"price","label":"price / v3","source":"https://example.com/p","value":"0.42 usd_per_mtok"}],"id":"a","#
            ))
        #expect(lines[2].contains(#""probability":0.1235,"#))
        let back = try ArchivedRun(text: text, file: "history/x.jsonl")
        #expect(back == (try ArchivedRun(text: back.text(), file: "y")))
        #expect(back.entries.map(\.id) == ["a", "b"] && back.recordedAt == seven && back.asOf == day)
    }

    @Test("a damaged line is an error naming the file and line; nothing is half read")
    func damagedFile() throws {
        let text = try run([evaluation("a", 0.5)]).text() + "{\"id\": 3}\n"
        do {
            _ = try ArchivedRun(text: text, file: "history/x.jsonl")
            Issue.record("expected an error")
        } catch let error as DiagnosticsError {
            #expect(error.description.hasPrefix("history/x.jsonl:3:1: error: not a forecast's evaluation"), "\(error)")
        }
        #expect(throws: DiagnosticsError.self) { try ArchivedRun(text: "\n", file: "history/empty.jsonl") }
    }

    @Test("file names hold the time, the runner and a digest: two runs in the same second from one host get two files")
    func names() throws {
        let fixture = try TemporaryWorkspace()
        let archive = HistoryArchive(workspaceRoot: fixture.root)
        let first = try archive.record(run([evaluation("a", 0.5)]))
        let second = try archive.record(run([evaluation("a", 0.6)]))
        #expect(first.hasPrefix("2026/11/2026-11-20T07-00-00Z-alice-") && first.hasSuffix(".jsonl"))
        #expect(first != second)
        #expect(Set(try archive.files().keys) == [first, second])
        #expect(HistoryArchive.runner(environment: ["TRACK_RUNNER": "Alice's Laptop"]) == "alice-s-laptop")
        #expect(HistoryArchive.runner(environment: ["GITHUB_RUN_ID": "4711"]) == "github-4711")
        #expect(HistoryArchive.runner(environment: ["CI_JOB_ID": "99"]) == "gitlab-99")
    }

    @Test("the same run recorded twice is one file, not written again; another run under a taken name gets the next free one")
    func uniqueNames() throws {
        let fixture = try TemporaryWorkspace()
        let archive = HistoryArchive(workspaceRoot: fixture.root)
        let first = try archive.record(run([evaluation("a", 0.5)]))
        let stamp = try #require(try archive.files()[first])
        #expect(try archive.record(run([evaluation("a", 0.5)])) == first)
        #expect(try archive.files() == [first: stamp])  // not rewritten: same size and modification time
        // A file of other contents under the name (as a digest shared within one second would give): the
        // run is kept beside it, at the next free second (one run a time and runner).
        try "{}\n".write(toFile: archive.path + "/" + first, atomically: true, encoding: .utf8)
        let third = try archive.record(run([evaluation("a", 0.5)]))
        #expect(third.hasPrefix("2026/11/2026-11-20T07-00-01Z-alice-"), "\(third)")
        #expect(try String(contentsOfFile: archive.path + "/" + first, encoding: .utf8) == "{}\n")
    }

    @Test("backtests are written one by one as they are computed, not gathered first")
    func streamedBacktests() throws {
        let fixture = try TemporaryWorkspace()
        let archive = HistoryArchive(workspaceRoot: fixture.root)
        var seen: [Int] = []
        let days = (0..<5).map { day.adding(days: -7 * $0) }
        let runs = days.enumerated().lazy.map { index, day -> ArchivedRun in
            // When the sequence computes a run, every earlier one is already on disk.
            seen.append((try? self.backtestFiles(archive))?.count ?? -1)
            return self.run([self.evaluation("a", 0.1 * Double(index + 1))], asOf: day, kind: .backtest)
        }
        let names = try archive.replaceBacktests(with: runs)
        #expect(seen == [0, 1, 2, 3, 4])
        #expect(Set(names) == Set(try backtestFiles(archive)))
    }

    private func backtestFiles(_ archive: HistoryArchive) throws -> [String] {
        try archive.files().keys.filter { $0.hasPrefix(HistoryArchive.backtests + "/") }
    }

    @Test("the index reads only new files, drops runs whose file is gone, and equals an index built from scratch")
    func incrementalIndex() throws {
        let fixture = try TemporaryWorkspace()
        let archive = HistoryArchive(workspaceRoot: fixture.root)
        let store = try HistoryStore(path: fixture.path(".track/history.sqlite"))
        try archive.record(run([evaluation("a", 0.5)]))
        #expect(try store.synchronize(with: archive) == .init(added: 1, removed: 0, converted: 0))
        #expect(try store.synchronize(with: archive) == .init())
        let later = try archive.record(run([evaluation("a", 0.7)], asOf: day.adding(days: 1), at: seven.addingTimeInterval(86_400)))
        try archive.replaceBacktests(with: [run([evaluation("a", 0.2)], asOf: day.adding(days: -7), kind: .backtest)])
        #expect(try store.synchronize(with: archive) == .init(added: 2, removed: 0, converted: 0))
        #expect(try store.history(of: "a").map(\.probability) == [0.2, 0.5, 0.7])
        #expect(try store.latestRecordedRun()?.run.asOf == day.adding(days: 1))

        // A new backfill replaces the backtests as a whole; a deleted run file leaves the index.
        try archive.replaceBacktests(with: [run([evaluation("a", 0.3)], asOf: day.adding(days: -14), kind: .backtest)])
        try archive.remove([later])
        #expect(try store.synchronize(with: archive) == .init(added: 1, removed: 2, converted: 0))
        let incremental = try store.history(of: "a")
        #expect(incremental.map(\.probability) == [0.3, 0.5])

        let scratch = try HistoryStore(path: fixture.path("scratch.sqlite"))
        try scratch.synchronize(with: archive)
        let rebuilt = try scratch.history(of: "a")
        #expect(rebuilt.map(\.asOf) == incremental.map(\.asOf))
        #expect(rebuilt.map(\.kind) == incremental.map(\.kind))
        #expect(rebuilt.map(\.recordedAt) == incremental.map(\.recordedAt))
        #expect(rebuilt.map(\.probability) == incremental.map(\.probability))
        #expect(rebuilt.map(\.summary) == incremental.map(\.summary))
    }

    @Test("an old-style database (runs only in SQLite) is written out once, and its history reads the same after")
    func conversion() throws {
        let fixture = try TemporaryWorkspace()
        let store = try HistoryStore(path: fixture.path(".track/history.sqlite"))
        try store.store([evaluation("a", 0.42)], asOf: day, kind: .recorded, gitCommit: "abc", trackVersion: "t", at: seven)
        try store.store([evaluation("a", 0.25)], asOf: day.adding(days: -30), kind: .backtest, gitCommit: nil, trackVersion: "t", at: seven)
        try store.store([evaluation("a", 0.9)], asOf: day.adding(days: 300), kind: .whatIf, gitCommit: nil, trackVersion: "t", at: seven)
        let before = try store.history(of: "a")
        let archive = HistoryArchive(workspaceRoot: fixture.root)
        #expect(try store.synchronize(with: archive, runner: "bob") == .init(added: 2, removed: 0, converted: 2))
        #expect(Set(try archive.files().keys.map { $0.hasPrefix("backtests/") }) == [true, false])
        #expect(try store.synchronize(with: archive, runner: "bob") == .init())
        let after = try store.history(of: "a")
        #expect(after.map(\.kind) == before.map(\.kind) && after.map(\.probability) == before.map(\.probability))
        #expect(after.map(\.asOf) == before.map(\.asOf))
        // What-if runs stay in the index only.
        #expect(try store.runCount(.whatIf) == 1)
        #expect(try store.latestRecordedRun()?.run.gitCommit == "abc")
    }

    @Test("pruning recorded runs deletes their files too, so the next index does not bring them back")
    func prune() throws {
        let fixture = try TemporaryWorkspace()
        let archive = HistoryArchive(workspaceRoot: fixture.root)
        let store = try HistoryStore(path: fixture.path(".track/history.sqlite"))
        try archive.record(run([evaluation("a", 0.5)]))
        try archive.record(run([evaluation("a", 0.6)], asOf: day.adding(days: 40), at: seven.addingTimeInterval(40 * 86_400)))
        try store.synchronize(with: archive)
        #expect(try store.prune(kind: .recorded, before: day.adding(days: 1), archive: archive) == 1)
        #expect(try archive.files().count == 1)
        try store.synchronize(with: archive)
        #expect(try store.history(of: "a").map(\.probability) == [0.6])
    }
}
