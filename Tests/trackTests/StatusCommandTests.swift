import Foundation
import TestSupport
import Testing
import Tracker

@Suite("track status and track indicators (end to end)")
struct StatusCommandTests {
    private func workspace() throws -> TemporaryWorkspace {
        try TemporaryWorkspace(["predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": SampleFiles.price])
    }

    @Test("the table has one row per forecast with time left and the stated probability; no colour off a terminal")
    func table() throws {
        let workspace = try workspace()
        let output = try TrackProcess.run(["status", "--as-of", "2027-09-20"], in: workspace.root)
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ID"))
        #expect(lines[1].hasPrefix("cheaper-tokens  2027-Q3"))
        #expect(lines[1].contains("10d") && lines[1].contains("55%") && lines[1].contains("untestable"))
        #expect(lines[2].hasPrefix("listing") && lines[2].contains("468d"))
        #expect(!output.stdout.contains("\u{1B}["))
    }

    @Test("track with no command shows the status, found from a subdirectory")
    func defaultCommandFromSubdirectory() throws {
        let workspace = try workspace()
        let output = try TrackProcess.run(["--as-of", "2027-09-20"], in: workspace.root + "/indicators")
        #expect(output.status == 0)
        #expect(output.stdout.contains("cheaper-tokens"))
    }

    @Test("JSON has asOf and a predictions array with the agreed fields; --as-of and --tag work")
    func json() throws {
        let workspace = try workspace()
        let output = try TrackProcess.run(["status", "--format", "json", "--as-of", "2027-10-05", "--tag", "cost"], in: workspace.root)
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["asOf"] as? String == "2027-10-05")
        let items = try #require(object["forecasts"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items[0]["id"] as? String == "cheaper-tokens")
        #expect(items[0]["daysLeft"] as? Int == -5)
        #expect(items[0]["statedProbability"] as? Double == 0.55)
        #expect(items[0]["status"] as? String == "untestable")
        #expect(items[0].keys.contains("probability") && items[0].keys.contains("summary"))
    }

    @Test("Markdown output is a table")
    func markdown() throws {
        let workspace = try workspace()
        let output = try TrackProcess.run(["status", "--format", "markdown"], in: workspace.root)
        #expect(output.stdout.hasPrefix("| ID | DEADLINE |"))
    }

    @Test("indicators shows the latest value per subject and its age")
    func indicators() throws {
        let workspace = try workspace()
        let output = try TrackProcess.run(["indicators", "--as-of", "2025-10-09", "--format", "json"], in: workspace.root)
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["indicators"] as? [[String: Any]])
        #expect(rows.map { $0["subject"] as? String } == ["v3", "v3.2"])
        #expect(rows.map { $0["ageDays"] as? Int } == [287, 10])
        let table = try TrackProcess.run(["indicators", "--as-of", "2025-01-01"], in: workspace.root)
        #expect(table.stdout.split(separator: "\n").count == 2)
        #expect(table.stdout.split(separator: "\n")[1].split(separator: " ").prefix(3) == ["price", "v3", "1.1"])
    }

    @Test("a bad flag value names the flag and exits non-zero, changing nothing")
    func badFlags() throws {
        let workspace = try workspace()
        let before = try workspace.snapshot()
        let date = try TrackProcess.run(["status", "--as-of", "2027-02-30"], in: workspace.root)
        #expect(date.status == 64)
        #expect(date.stderr.contains("--as-of"))
        let format = try TrackProcess.run(["status", "--format", "yaml"], in: workspace.root)
        #expect(format.status == 64)
        #expect(format.stderr.contains("--format"))
        let unknown = try TrackProcess.run(["status", "--colour"], in: workspace.root)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--colour"))
        #expect(try workspace.snapshot() == before)
    }

    @Test("status on a broken workspace exits 65 and lists the errors; the forecasts it can read are still shown")
    func brokenWorkspace() throws {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts.replacingOccurrences(of: "2027-Q3", with: "soon")
        ])
        let output = try TrackProcess.run(["status"], in: workspace.root)
        #expect(output.status == 65)
        #expect(output.stderr.contains("predictions.yaml:10:15: error: 'deadline'"))
        #expect(output.stdout.contains("listing") && !output.stdout.contains("cheaper-tokens"), "\(output.stdout)")
    }

    @Test("help says what each command is for, with an example")
    func help() throws {
        let commands = [
            ["status"], ["validate"], ["indicators"], ["explain"], ["plugins"], ["evaluate"], ["history"], ["record"], ["add-indicator"],
            ["resolve"], ["say"], ["due"], ["score"], ["model", "training"], ["model", "inference"], ["report"], ["init"], ["schema"],
        ]
        for command in commands {
            let output = try TrackProcess.run(command + ["--help"], in: "/")
            #expect(output.status == 0)
            #expect(output.stdout.contains("Example"), "\(command) --help has no example")
        }
        let top = try TrackProcess.run(["--help"], in: "/")
        #expect(top.stdout.contains("Exit codes"))
        // Help wraps to the terminal's width: compare with the line breaks taken out.
        let words = top.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("75 another track process holds the lock"))
        // Every exit code a workflow can end with is listed.
        for exit in TrackError.Exit.allCases where exit != .failure {
            #expect(words.contains("; \(exit.rawValue) "), "--help does not list exit code \(exit.rawValue)")
        }
    }
}

@Suite("status with a broken forecast (end to end)")
struct StatusWithErrorsTests {
    @Test("one bad forecast: the others are shown, the bad one is an error row and an error on stderr, exit 65")
    func oneBad() throws {
        let broken =
            SampleFiles.twoForecasts + """
                  - id: broken
                    statement: A forecast with a month 13.
                    source: article
                    made: 2025-13-01
                    deadline: 2026-12-31
                    criteria: Never read.

                """
        let workspace = try TemporaryWorkspace(["predictions.yaml": broken, "indicators/price.yaml": SampleFiles.price])
        let output = try TrackProcess.run(["status"], in: workspace.root, environment: ["TRACK_TODAY": "2026-01-01", "NO_COLOR": "1"])
        #expect(output.status == 65, "\(output.stderr)")
        #expect(output.stderr.contains("predictions.yaml:"), "\(output.stderr)")
        #expect(output.stderr.contains("error: 'made'"), "\(output.stderr)")
        let rows = output.stdout.split(separator: "\n")
        // The header, the two good forecasts, one error row that names the place.
        #expect(rows.count == 4, "\(output.stdout)")
        #expect(rows.last?.hasPrefix("?") == true && rows.last?.contains(" error ") == true, "\(output.stdout)")
        #expect(rows.last?.contains("predictions.yaml:") == true, "\(output.stdout)")
        let json = try TrackProcess.run(["status", "--format", "json"], in: workspace.root, environment: ["TRACK_TODAY": "2026-01-01"])
        #expect(json.status == 65)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["forecasts"] as? [Any])?.count == 2)
        #expect((object["errors"] as? [Any])?.count == 1)
        // A tag no readable forecast has may be the broken one's: the errors decide the exit, not the tag.
        let tagged = try TrackProcess.run(["status", "--tag", "nosuch"], in: workspace.root, environment: ["TRACK_TODAY": "2026-01-01"])
        #expect(tagged.status == 65 && !tagged.stderr.contains("--tag"), "\(tagged.stderr)")
    }

    @Test("a forecast reading an indicator whose file is broken says the file could not be read, not that it is unknown")
    func brokenIndicatorFile() throws {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.cheapForecast, "indicators/price.yaml": SampleFiles.price + "  - [\n",
        ])
        let output = try TrackProcess.run(["status", "--wide"], in: workspace.root, environment: ["TRACK_TODAY": "2026-01-01"])
        #expect(output.status == 65, "\(output.stderr)")
        #expect(output.stderr.contains("indicators/price.yaml:"), "\(output.stderr)")
        #expect(output.stdout.contains("'price' could not be read: its file has errors"), "\(output.stdout)")
        #expect(!output.stdout.contains("not a known indicator"), "\(output.stdout)")
    }
}
