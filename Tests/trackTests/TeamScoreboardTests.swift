import Foundation
import TestSupport
import Testing

/// A team workspace: three forecasters (alice, bob, carol; alice is the default forecaster, so a forecast's
/// stated `probability` is hers), ten resolved forecasts, a crowd series for each, and the tracker's
/// recorded runs (one forecast only has backtests). `track score` must give the figures computed here
/// independently, day by day, from the same data (and, for f01, by hand in the comments).
@Suite("The scoreboard of a team workspace (end to end)")
struct TeamScoreboardTests {
    /// One forecast of the fixture, all made on 2026-01-01 with a deadline of 2026-12-31.
    struct Forecast {
        var id: String
        var happened: Bool
        var resolved: String
        var tag: String
        /// Alice's stated probability, on the day the forecast was made.
        var stated: Double?
        var said: [(by: String, p: Double, on: String)]
        var crowd: [(on: String, p: Double)]
        var recorded: [(on: String, p: Double)]
        var backtest: [(on: String, p: Double)] = []
    }

    static let made = "2026-01-01"

    static let forecasts = [
        Forecast(
            id: "f01", happened: true, resolved: "2026-01-11", tag: "cost", stated: 0.6,
            said: [("alice", 0.8, "2026-01-06"), ("bob", 0.3, "2026-01-03")],
            crowd: [("2025-12-30", 0.5), ("2026-01-05", 0.7)], recorded: [("2026-01-01", 0.4), ("2026-01-05", 0.6)]),
        Forecast(
            id: "f02", happened: false, resolved: "2026-01-21", tag: "cost", stated: 0.3,
            said: [("bob", 0.2, "2026-01-01"), ("carol", 0.6, "2026-01-11")],
            crowd: [("2026-01-02", 0.4)], recorded: [("2026-01-01", 0.5), ("2026-01-05", 0.35), ("2026-01-15", 0.2)]),
        Forecast(
            id: "f03", happened: true, resolved: "2026-02-01", tag: "funding", stated: nil,
            said: [("alice", 0.7, "2026-01-10"), ("bob", 0.5, "2026-01-01"), ("carol", 0.9, "2026-01-20")],
            crowd: [("2026-01-01", 0.6), ("2026-01-25", 0.8)], recorded: [("2026-01-01", 0.55), ("2026-01-15", 0.7)]),
        // carol says twice on 2026-01-02: the one written last stands.
        Forecast(
            id: "f04", happened: false, resolved: "2026-01-16", tag: "funding", stated: 0.2,
            said: [("carol", 0.1, "2026-01-02"), ("carol", 0.05, "2026-01-02"), ("bob", 0.4, "2026-01-08")],
            crowd: [("2026-01-01", 0.25)], recorded: [("2026-01-01", 0.3), ("2026-01-05", 0.3), ("2026-01-15", 0.1)]),
        // The run of 2026-01-15 comes after the resolution (2026-01-06): it is not scored.
        Forecast(
            id: "f05", happened: true, resolved: "2026-01-06", tag: "cost", stated: 0.5,
            said: [("bob", 0.9, "2026-01-05"), ("carol", 0.6, "2026-01-01")],
            crowd: [("2025-12-28", 0.55)], recorded: [("2026-01-01", 0.65), ("2026-01-05", 0.7), ("2026-01-15", 0.99)]),
        Forecast(
            id: "f06", happened: false, resolved: "2026-03-01", tag: "funding", stated: nil,
            said: [("alice", 0.4, "2026-01-01"), ("alice", 0.2, "2026-02-01"), ("bob", 0.1, "2026-01-20"), ("carol", 0.3, "2026-02-15")],
            crowd: [("2026-01-01", 0.3), ("2026-02-10", 0.15)], recorded: [("2026-01-01", 0.45), ("2026-01-15", 0.25)]),
        Forecast(
            id: "f07", happened: true, resolved: "2026-01-31", tag: "cost", stated: 0.7, said: [("bob", 0.6, "2026-01-05")],
            crowd: [("2026-01-03", 0.65)], recorded: [("2026-01-01", 0.5), ("2026-01-15", 0.75)]),
        // Resolved the day after it was made: a window of one day. Bob's entry of the resolution day is not covered.
        Forecast(
            id: "f08", happened: false, resolved: "2026-01-02", tag: "funding", stated: nil,
            said: [("alice", 0.45, "2026-01-01"), ("carol", 0.35, "2026-01-01"), ("bob", 0.2, "2026-01-02")],
            crowd: [("2026-01-01", 0.5)], recorded: [("2026-01-01", 0.4)]),
        Forecast(
            id: "f09", happened: true, resolved: "2026-02-15", tag: "cost", stated: nil,
            said: [("alice", 0.55, "2026-01-01"), ("bob", 0.65, "2026-01-30"), ("carol", 0.8, "2026-02-10")],
            crowd: [("2026-01-01", 0.6), ("2026-01-20", 0.62), ("2026-02-12", 0.9)], recorded: [("2026-01-01", 0.5), ("2026-01-15", 0.6)]),
        // No recorded run: the tracker's backtests stand in.
        Forecast(
            id: "f10", happened: false, resolved: "2026-01-26", tag: "funding", stated: 0.35, said: [("carol", 0.15, "2026-01-10")],
            crowd: [("2026-01-01", 0.2)], recorded: [], backtest: [("2026-01-03", 0.3), ("2026-01-20", 0.1)]),
    ]

    // MARK: The workspace's files

    static var predictions: String {
        var text = "sources:\n  - {id: team, title: The team's forecasts}\npredictions:\n"
        for forecast in forecasts {
            text += """
                  - id: \(forecast.id)
                    statement: Forecast \(forecast.id).
                    source: team
                    made: \(made)
                    deadline: 2026-12-31
                    criteria: As stated.
                    tags: [\(forecast.tag)]
                    crowd: crowd-\(forecast.id)
                """ + "\n"
            if let stated = forecast.stated { text += "    probability: \(stated)\n" }
            if !forecast.said.isEmpty {
                text += "    said:\n" + forecast.said.map { "      - {by: \($0.by), p: \($0.p), on: \($0.on)}\n" }.joined()
            }
            text +=
                "    resolution: {outcome: \(forecast.happened ? "yes" : "no"), date: \(forecast.resolved), source: https://example.com/\(forecast.id)}\n"
        }
        return text
    }

    static func crowdIndicator(_ forecast: Forecast) -> String {
        "name: The crowd on \(forecast.id)\nrange: [0, 1]\nobservations:\n"
            + forecast.crowd.map { "  - {date: \($0.on), value: \($0.p), source: https://example.com/market-\(forecast.id)}\n" }.joined()
    }

    /// One run file of `kind` as of `day`, holding every forecast that has a probability that day.
    static func run(_ day: String, kind: String, _ entries: [(id: String, p: Double)]) -> String {
        let header =
            #"{"asOf":"\#(day)","dirty":false,"format":1,"kind":"\#(kind)","recordedAt":"\#(day)T07:00:00Z","runner":"test","trackVersion":"0.1.0"}"#
        return ([header] + entries.map { #"{"evidence":[],"id":"\#($0.id)","probability":\#($0.p),"status":"at-risk","summary":"s"}"# })
            .joined(separator: "\n") + "\n"
    }

    /// What a recorded run's file name carries: the first eight hex digits of the 64-bit FNV-1a hash of
    /// its text (docs/teams.md; FNV-1a as Fowler, Noll and Vo define it).
    static func fileDigest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(8))
    }

    static func workspace() throws -> TemporaryWorkspace {
        var files = [
            "predictions.yaml": predictions, "track.yaml": "forecasters: [alice, bob, carol]\ndefault-forecaster: alice\n",
        ]
        for forecast in forecasts { files["indicators/crowd-\(forecast.id).yaml"] = crowdIndicator(forecast) }
        let recordedDays = Set(forecasts.flatMap { $0.recorded.map(\.on) }).sorted()
        for day in recordedDays {
            let entries = forecasts.compactMap { forecast in forecast.recorded.first { $0.on == day }.map { (forecast.id, $0.p) } }
            let text = run(day, kind: "recorded", entries)
            files["history/2026/01/\(day)T07-00-00Z-test-\(fileDigest(text)).jsonl"] = text
        }
        for forecast in forecasts {
            for point in forecast.backtest {
                files["history/backtests/\(point.on).jsonl"] = run(point.on, kind: "backtest", [(forecast.id, point.p)])
            }
        }
        return try TemporaryWorkspace(files)
    }

    // MARK: The scores, computed independently

    /// Days since 1970 of `YYYY-MM-DD`.
    static func day(_ text: String) -> Int {
        var components = DateComponents()
        let parts = text.split(separator: "-").map { Int($0)! }
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return Int(calendar.date(from: components)!.timeIntervalSince1970 / 86_400)
    }

    /// A scorer's (Brier, log) on one forecast, day by day over [made, resolved - 1]: on each day the latest
    /// value dated on or before it (of one day, the one written last), 0.5 before the first; nil when no value
    /// stands on any day of the window.
    static func score(_ values: [(on: String, p: Double)], _ forecast: Forecast) -> (brier: Double, log: Double)? {
        let first = day(made)
        let last = max(first, day(forecast.resolved) - 1)
        guard values.contains(where: { day($0.on) <= last }) else { return nil }
        var brier = 0.0
        var log = 0.0
        for today in first...last {
            var p = 0.5
            for value in values where day(value.on) <= today && value.on == values.filter({ day($0.on) <= today }).map(\.on).max()! {
                p = value.p
            }
            let outcome = forecast.happened ? 1.0 : 0.0
            brier += (p - outcome) * (p - outcome)
            let clamped = min(0.99, max(0.01, p))
            log += Foundation.log(forecast.happened ? clamped : 1 - clamped)
        }
        let days = Double(last - first + 1)
        return (brier / days, log / days)
    }

    static func values(of scorer: String, _ forecast: Forecast) -> [(on: String, p: Double)] {
        switch scorer {
        case "tracker": forecast.recorded.isEmpty ? forecast.backtest : forecast.recorded
        case "crowd": forecast.crowd
        default:
            (scorer == "alice" ? forecast.stated.map { [(made, $0)] } ?? [] : [])
                + forecast.said.filter { $0.by == scorer }.map { ($0.on, $0.p) }
        }
    }

    // MARK: Tests

    @Test("the scoreboard's figures are those computed by hand and day by day")
    func scoreboard() throws {
        // f01 (yes; window 2026-01-01 to 2026-01-10, ten days), by hand:
        //   alice: 0.6 (stated) five days, then 0.8 five days: (5 x 0.16 + 5 x 0.04) / 10 = 0.1
        //   bob:   0.5 (prior) two days, then 0.3 eight days: (2 x 0.25 + 8 x 0.49) / 10 = 0.442
        //   crowd: 0.5 (from 2025-12-30) four days, then 0.7 six days: (4 x 0.25 + 6 x 0.09) / 10 = 0.154
        //   tracker: 0.4 four days, then 0.6 six days: (4 x 0.36 + 6 x 0.16) / 10 = 0.24
        let f01 = Self.forecasts[0]
        #expect(abs(Self.score(Self.values(of: "alice", f01), f01)!.brier - 0.1) < 1e-12)
        #expect(abs(Self.score(Self.values(of: "bob", f01), f01)!.brier - 0.442) < 1e-12)
        #expect(abs(Self.score(Self.values(of: "crowd", f01), f01)!.brier - 0.154) < 1e-12)
        #expect(abs(Self.score(Self.values(of: "tracker", f01), f01)!.brier - 0.24) < 1e-12)

        let workspace = try Self.workspace()
        #expect(try TrackProcess.run(["validate"], in: workspace.root).status == 0)
        let output = try TrackProcess.run(["score", "--format", "json"], in: workspace.root)
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let board = try #require(object["scoreboard"] as? [String: Any])
        let rows = try #require(board["rows"] as? [[String: Any]])
        #expect(rows.map { $0["scorer"] as? String } == ["alice", "bob", "carol", "tracker", "crowd", "naive trend"])
        #expect(board["trackerFrom"] as? [String] == ["recorded", "backtest"])

        for row in rows {
            let name = try #require(row["scorer"] as? String)
            let scores = Self.forecasts.compactMap { forecast in
                Self.score(Self.values(of: name == "naive trend" ? "-" : name, forecast), forecast)
            }
            #expect(row["forecasts"] as? Int == (name == "naive trend" ? 0 : scores.count), "\(name)")
            guard name != "naive trend" else { continue }
            let brier = scores.map(\.brier).reduce(0, +) / Double(scores.count)
            let log = scores.map(\.log).reduce(0, +) / Double(scores.count)
            #expect(abs(try #require(row["brier"] as? Double) - brier) < 1e-9, "\(name)")
            #expect(abs(try #require(row["logScore"] as? Double) - log) < 1e-9, "\(name)")
            #expect(abs(try #require(row["skill"] as? Double) - (1 - brier / 0.25)) < 1e-9, "\(name)")
            guard name != "tracker" else {
                #expect(row["againstTracker"] is NSNull)
                continue
            }
            // Against the tracker, on the forecasts both covered (the tracker covers all ten).
            let paired = Self.forecasts.compactMap { forecast -> (Double, Double)? in
                guard let own = Self.score(Self.values(of: name, forecast), forecast),
                    let tracker = Self.score(Self.values(of: "tracker", forecast), forecast)
                else { return nil }
                return (own.brier - tracker.brier, own.log - tracker.log)
            }
            let comparison = try #require(row["againstTracker"] as? [String: Any])
            #expect(comparison["forecasts"] as? Int == paired.count)
            let difference = paired.map(\.0).reduce(0, +) / Double(paired.count)
            #expect(abs(try #require(comparison["brier"] as? Double) - difference) < 1e-9, "\(name)")
            #expect(abs(try #require(comparison["logScore"] as? Double) - paired.map(\.1).reduce(0, +) / Double(paired.count)) < 1e-9)
            let interval = try #require(comparison["brierInterval"] as? [Double])
            #expect(interval.count == 2 && interval[0] <= difference && difference <= interval[1], "\(name): \(interval)")
            // The interval lies within the range of the differences themselves.
            #expect(interval[0] >= paired.map(\.0).min()! - 1e-12 && interval[1] <= paired.map(\.0).max()! + 1e-12)
        }
        // Coverage: bob's only entry on f08 is dated the day it resolved; carol says nothing on f01 and f07.
        let bob = try #require(rows.first { $0["scorer"] as? String == "bob" })
        let carol = try #require(rows.first { $0["scorer"] as? String == "carol" })
        #expect(bob["forecasts"] as? Int == 8 && carol["forecasts"] as? Int == 8)

        // The same data give the same intervals: the bootstrap is seeded.
        #expect(try TrackProcess.run(["score", "--format", "json"], in: workspace.root).stdout == output.stdout)
    }

    @Test("by tag, each group's rows score its own forecasts; csv and markdown carry the same figures")
    func groupsAndExports() throws {
        let workspace = try Self.workspace()
        let output = try TrackProcess.run(["score", "--by", "tag", "--format", "json"], in: workspace.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let groups = try #require((object["scoreboard"] as? [String: Any])?["groups"] as? [[String: Any]])
        #expect(groups.map { $0["name"] as? String } == ["cost", "funding"])
        for group in groups {
            let members = Self.forecasts.filter { $0.tag == group["name"] as? String }
            let crowd = try #require((group["rows"] as? [[String: Any]])?.first { $0["scorer"] as? String == "crowd" })
            let scores = members.compactMap { Self.score($0.crowd, $0) }
            #expect(crowd["forecasts"] as? Int == members.count)
            #expect(abs(try #require(crowd["brier"] as? Double) - scores.map(\.brier).reduce(0, +) / Double(scores.count)) < 1e-9)
        }

        let csv = try TrackProcess.run(["score", "--by", "tag", "--format", "csv"], in: workspace.root)
        let lines = csv.stdout.split(separator: "\n")
        #expect(
            lines.first
                == "group,scorer,kind,forecasts,brier,log_score,skill,paired,brier_difference,brier_low,brier_high,log_difference,log_low,log_high"
        )
        #expect(lines.count == 1 + 6 * 3)  // all forecasts, then cost and funding: six scorers each
        let aliceLine = try #require(lines.first { $0.hasPrefix(",alice,forecaster,") }).split(
            separator: ",", omittingEmptySubsequences: false)
        let alice = Self.forecasts.compactMap { Self.score(Self.values(of: "alice", $0), $0) }
        #expect(Int(aliceLine[3]) == alice.count)
        #expect(abs(Double(aliceLine[4])! - alice.map(\.brier).reduce(0, +) / Double(alice.count)) < 1e-9)

        let markdown = try TrackProcess.run(["score", "--by", "tag", "--format", "markdown"], in: workspace.root)
        #expect(markdown.stdout.hasPrefix("## Scoreboard\n\n| SCORER | N | BRIER |"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("### cost"))
        let table = try TrackProcess.run(["score"], in: workspace.root, environment: ["NO_COLOR": "1"])
        #expect(table.stdout.contains("tracker (recorded+backtest)"), "\(table.stdout)")
        #expect(table.stdout.contains("CALIBRATION (carol)"))
        #expect(table.stdout.contains("10 resolved yes/no, 0 unresolved"))
    }

    @Test("the report's scoreboard has a row and a reliability chart per scorer; status shows the forecasters and the crowd")
    func reportAndStatus() throws {
        let workspace = try Self.workspace()
        let html = try TrackProcess.run(["report", "--as-of", "2026-03-02", "--output", "report.html"], in: workspace.root)
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOfFile: workspace.path("report.html"), encoding: .utf8)
        for scorer in ["alice", "bob", "carol", "tracker", "crowd"] {
            #expect(page.contains("<figure class=\"chart calibration-chart\" data-scorer=\"\(scorer)\">"), "\(scorer)")
            #expect(page.contains("<tr data-scorer=\"\(scorer)\""), "\(scorer)")
        }
        // f06's probability chart draws alice's, bob's and carol's steps and the crowd's beside the runs.
        #expect(page.contains("<dt>Crowd probability</dt><dd>15% (crowd-f06, 2026-02-10)</dd>"), "crowd fact")
        #expect(page.contains("<dt>Forecasters</dt><dd>alice 20% (2026-02-01), bob 10% (2026-01-20), carol 30% (2026-02-15)</dd>"))

        let status = try TrackProcess.run(["status", "--as-of", "2026-01-12"], in: workspace.root, environment: ["NO_COLOR": "1"])
        let f03 = try #require(status.stdout.split(separator: "\n").first { $0.hasPrefix("f03") })
        // As of 2026-01-12: the crowd's 0.6 (2026-01-01); alice 0.7 (2026-01-10) and bob 0.5 said, carol not yet.
        #expect(f03.contains("60%") && f03.contains("alice 70% bob 50%") && !f03.contains("carol"), "\(f03)")
        let explain = try TrackProcess.run(["explain", "f01", "--as-of", "2026-01-08"], in: workspace.root, environment: ["NO_COLOR": "1"])
        #expect(explain.stdout.contains("crowd: 70% (crowd-f01, 2026-01-05)"), "\(explain.stdout)")
        #expect(explain.stdout.contains("said: alice 80% (2026-01-06), bob 30% (2026-01-03)"), "\(explain.stdout)")
    }
}
