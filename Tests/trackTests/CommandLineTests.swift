import Foundation
import TestSupport
import Testing

@Suite("The command line in a terminal, a script and cron (end to end)")
struct CommandLineTests {
    private static let predictions = """
        sources:
          - {id: article, title: An article}
        predictions:
          - id: cheap
            statement: The price falls to 0.5, which would make tokens a great deal cheaper than they have ever been before now.
            source: article
            made: 2024-12-01
            deadline: 2026-12-31
            probability: 0.7
            criteria: Yes if the price falls to 0.5.
            evaluate:
              threshold: {indicator: price, target: 0.5, prior: 0.5}
          - id: price-cn
            statement: 价格下降到十分之一，这是一个很长的中文句子，用来检查终端宽度的计算是否正确。
            source: article
            made: 2024-12-01
            deadline: 2026-12-31
            criteria: Yes if it happens.

        """

    private func workspace() throws -> TemporaryWorkspace {
        try TemporaryWorkspace(["predictions.yaml": Self.predictions, "indicators/price.yaml": SampleFiles.price])
    }

    /// Display columns of a line: East Asian wide characters (here CJK ideographs and fullwidth punctuation) take two.
    private func columns(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { width, scalar in
            width
                + ((0x4E00...0x9FFF).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
                    || (0x3000...0x303F).contains(scalar.value) ? 2 : 1)
        }
    }

    @Test("status fits COLUMNS; a pipe without COLUMNS is not cut")
    func fitsTheWidth() throws {
        let workspace = try workspace()
        let cut = try TrackProcess.run(["status", "--as-of", "2025-06-01"], in: workspace.root, environment: ["COLUMNS": "80"])
        #expect(cut.status == 0, "\(cut.stderr)")
        let lines = cut.stdout.split(separator: "\n")
        // The header, then each of the two forecasts with its summary on an indented line under it (beside its row
        // it would show less than 60% of it).
        #expect(lines.count == 5, "\(cut.stdout)")
        for line in lines { #expect(columns(line) <= 80, "\(columns(line)) columns: \(line)") }
        #expect(lines[2].hasPrefix("    ") && lines[4].hasPrefix("    ") && !lines[1].hasPrefix(" "), "\(cut.stdout)")
        let piped = try TrackProcess.run(["status", "--as-of", "2025-06-01"], in: workspace.root, environment: ["COLUMNS": ""])
        #expect(piped.stdout.split(separator: "\n").contains { columns($0) > 80 })
        #expect(!piped.stdout.contains("…"))
    }

    @Test("--color always colours a pipe, never and TERM=dumb do not; it goes before or after the command")
    func colour() throws {
        let workspace = try workspace()
        let always = try TrackProcess.run(["--color", "always", "status"], in: workspace.root)
        #expect(always.stdout.contains("\u{1B}["))
        let after = try TrackProcess.run(["status", "--color=always"], in: workspace.root)
        #expect(after.stdout.contains("\u{1B}["))
        let never = try TrackProcess.run(["status", "--color", "never"], in: workspace.root, environment: ["TERM": "xterm"])
        #expect(!never.stdout.contains("\u{1B}["))
        let bad = try TrackProcess.run(["status", "--color", "sometimes"], in: workspace.root)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--color takes never, always or auto"))
    }

    @Test("-w works before or after the command; a mistyped command gets a did-you-mean and exit 64")
    func workspaceFlagAndTypos() throws {
        let workspace = try workspace()
        let elsewhere = FileManager.default.temporaryDirectory.path
        for arguments in [
            ["-w", workspace.root, "status"], ["status", "-w", workspace.root], ["--workspace=\(workspace.root)", "indicators"],
            ["-w", workspace.root],
        ] {
            let output = try TrackProcess.run(arguments, in: elsewhere)
            #expect(output.status == 0, "\(arguments): \(output.stderr)")
        }
        let typo = try TrackProcess.run(["stauts"], in: workspace.root)
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("unknown command 'stauts'; did you mean 'status'?"))
        let unknown = try TrackProcess.run(["frobnicate"], in: workspace.root)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("the commands are: status"))
    }

    @Test("--as-of another day stores a what-if run: never 'changes since', never scored; --prune removes it")
    func whatIfRuns() throws {
        let workspace = try workspace()
        func evaluate(on today: String, _ extra: [String] = []) throws -> TrackProcess.Output {
            try TrackProcess.run(["evaluate"] + extra, in: workspace.root, environment: ["TRACK_TODAY": today])
        }
        #expect(try evaluate(on: "2025-05-01").stdout.contains("first recorded run"))
        let whatIf = try evaluate(on: "2025-05-02", ["--as-of", "2027-10-05"])
        #expect(whatIf.stdout.contains("stored a what-if run as of 2027-10-05"), "\(whatIf.stdout)")
        let json = try evaluate(on: "2025-05-02", ["--as-of", "2027-10-05", "--format", "json"])
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(stored["kind"] as? String == "what-if" && stored["days"] as? [String] == ["2027-10-05"])
        let next = try evaluate(on: "2025-05-03")
        #expect(next.stdout.contains("since the run of 2025-05-01"), "\(next.stdout)")
        #expect(!next.stdout.contains("2027-10-05"))
        let csv = try TrackProcess.run(["history", "cheap", "--format", "csv"], in: workspace.root)
        #expect(
            // 2025-05-03 changed nothing since 2025-05-01: no second recorded run.
            csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] } == ["recorded", "what-if"],
            "exit \(csv.status): \(csv.stdout) \(csv.stderr)")

        // Resolved, with only what-if runs in its window (the recorded ones are pruned): the tracker has no score.
        let resolve = try TrackProcess.run(
            ["resolve", "cheap", "yes", "--date", "2025-09-29", "--source", "https://example.com/c"], in: workspace.root)
        #expect(resolve.status == 0, "\(resolve.stderr)")
        _ = try evaluate(on: "2025-05-04", ["--as-of", "2025-03-01"])
        let pruned = try TrackProcess.run(["history", "--prune", "--kind", "recorded"], in: workspace.root)
        #expect(pruned.stdout.contains("deleted 1 run of kind recorded"), "\(pruned.stdout)")
        let score = try TrackProcess.run(["score", "--format", "json"], in: workspace.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
        #expect(object["tracker"] is NSNull)

        let before = try TrackProcess.run(["history", "--prune", "--kind", "what-if", "--before", "2026-01-01"], in: workspace.root)
        #expect(before.stdout.contains("deleted 1 run"))
        let rest = try TrackProcess.run(["history", "cheap", "--format", "csv"], in: workspace.root)
        #expect(rest.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] } == ["2027-10-05"])
        #expect(try TrackProcess.run(["history", "--prune"], in: workspace.root).status == 64)
    }

    @Test("--every 1m steps calendar months, clamped to month ends")
    func monthlyBackfill() throws {
        let workspace = try workspace()
        let backfill = try TrackProcess.run(
            ["evaluate", "--backfill", "--from", "2025-01-31", "--every", "1m", "--as-of", "2025-05-31"], in: workspace.root)
        #expect(backfill.status == 0, "\(backfill.stderr)")
        let csv = try TrackProcess.run(["history", "cheap", "--format", "csv"], in: workspace.root)
        let days = csv.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(10)) }
        #expect(days == ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31"])
    }

    @Test("JSON: numbers are numbers, probabilities to four places; due, validate and evaluate speak JSON; CSV from status and indicators")
    func typedOutput() throws {
        let workspace = try workspace()
        let status = try TrackProcess.run(["status", "--format", "json", "--as-of", "2025-12-01"], in: workspace.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let cheap = try #require((object["forecasts"] as? [[String: Any]])?.first)
        for key in ["made", "criteria", "source", "resolution"] { #expect(cheap.keys.contains(key), "\(key)") }
        let probability = try #require(cheap["probability"] as? Double)
        #expect(probability == (probability * 10_000).rounded() / 10_000)
        let evidence = try #require(cheap["evidence"] as? [[String: Any]])
        #expect(evidence.contains { $0["value"] as? Double == 0.42 && $0["display"] as? String == "0.42 usd_per_mtok" })

        let indicators = try TrackProcess.run(["indicators", "--format", "json", "--as-of", "2025-12-01"], in: workspace.root)
        let rows = try #require(
            (try JSONSerialization.jsonObject(with: Data(indicators.stdout.utf8)) as? [String: Any])?["indicators"] as? [[String: Any]])
        #expect(rows.map { $0["latestValue"] as? Double } == [1.1, 0.42])

        let due = try TrackProcess.run(["due", "--format", "json", "--as-of", "2027-02-01"], in: workspace.root)
        let dueObject = try #require(try JSONSerialization.jsonObject(with: Data(due.stdout.utf8)) as? [String: Any])
        #expect((dueObject["due"] as? [[String: Any]])?.count == 2)

        let evaluate = try TrackProcess.run(["evaluate", "--format", "json"], in: workspace.root)
        let changes = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any])
        #expect(changes.keys.contains("transitions") && changes["previousAsOf"] is NSNull)

        try "name: Broken\nobservations:\n  - {date: 2025-13-01, value: 1, source: s}\n".write(
            toFile: workspace.root + "/indicators/broken.yaml", atomically: true, encoding: .utf8)
        let validate = try TrackProcess.run(["validate", "--format", "json"], in: workspace.root)
        #expect(validate.status == 65)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [String: Any])
        let diagnostic = try #require((report["diagnostics"] as? [[String: Any]])?.first)
        #expect(
            diagnostic["file"] as? String == "indicators/broken.yaml"
                || (diagnostic["file"] as? String)?.hasSuffix("/indicators/broken.yaml") == true)
        #expect(diagnostic["line"] as? Int == 3 && diagnostic["severity"] as? String == "error")
        #expect(diagnostic["column"] is Int && diagnostic["message"] is String)
        try FileManager.default.removeItem(atPath: workspace.root + "/indicators/broken.yaml")

        let csv = try TrackProcess.run(["status", "--format", "csv", "--as-of", "2025-06-01"], in: workspace.root)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "id,deadline,deadline_day,days_left,stated_probability,status,probability,summary")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("cheap,2026-12-31,2026-12-31,578,0.7,"))  // 2025-06-01 to 2026-12-31 is 578 days
        let indicatorCSV = try TrackProcess.run(["indicators", "--format", "csv", "--as-of", "2025-12-01"], in: workspace.root)
        #expect(indicatorCSV.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] } == ["1.1", "0.42"])
        #expect(try TrackProcess.run(["status", "--format", "html"], in: workspace.root).status == 64)
    }

    @Test("help examples fit 80 columns: every example line is a command or the continuation of one")
    func helpExamplesDoNotWrap() throws {
        let commands = [
            ["status"], ["explain"], ["validate"], ["indicators"], ["plugins"], ["evaluate"], ["history"], ["record"], ["add-indicator"],
            ["resolve"], ["say"], ["due"], ["score"], ["model", "training"], ["model", "inference"], ["report"], ["init"], ["schema"],
        ]
        for command in commands {
            let help = try TrackProcess.run(command + ["--help"], in: "/", environment: ["COLUMNS": "80"]).stdout
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            guard let start = lines.firstIndex(where: { $0.hasSuffix("Examples:") }) else { continue }
            var previous: Substring = ""
            for line in lines[(start + 1)...].prefix(while: { !$0.isEmpty }) {
                let text = line.drop { $0 == " " }
                #expect(text.hasPrefix("track ") || previous.hasSuffix("\\"), "\(command): a wrapped example line: \(line)")
                #expect(line.count <= 80)
                previous = line
            }
        }
    }

    @Test("explain, status and report print the same record for a forecast")
    func oneEncoding() throws {
        let workspace = try workspace()
        let status = try TrackProcess.run(["status", "--format", "json", "--as-of", "2025-12-01"], in: workspace.root)
        let explain = try TrackProcess.run(["explain", "cheap", "--format", "json", "--as-of", "2025-12-01"], in: workspace.root)
        let fromStatus = try #require(
            (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["forecasts"] as? [[String: Any]])
        let fromExplain = try #require(try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as? [String: Any])
        // Compared as canonical JSON (sorted keys): Foundation's dictionaries compare true and 1 as equal on some platforms only.
        func canonical(_ object: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try canonical(fromStatus[0]) == canonical(fromExplain))
        let report = try TrackProcess.run(["report", "--format", "json", "--as-of", "2025-12-01"], in: workspace.root)
        let forecasts = try #require(
            (try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["forecasts"] as? [[String: Any]])
        #expect(forecasts.count == fromStatus.count)
        for (forecast, row) in zip(forecasts, fromStatus) {
            #expect(try canonical(try #require(forecast["evaluation"] as? [String: Any])) == canonical(row))
        }
    }

    @Test("future dates in record and resolve need --allow-future; resolve of an unknown id exits 64")
    func futureDatesAndExitCodes() throws {
        let workspace = try workspace()
        let before = try workspace.snapshot()
        let record = try TrackProcess.run(["record", "price", "0.3", "--date", "2099-01-01", "--source", "s"], in: workspace.root)
        #expect(record.status == 64)
        #expect(record.stderr.contains("--allow-future"))
        let resolve = try TrackProcess.run(["resolve", "cheap", "yes", "--date", "2099-01-01", "--source", "s"], in: workspace.root)
        #expect(resolve.status == 64)
        let unknown = try TrackProcess.run(["resolve", "chep", "yes", "--date", "2025-01-01", "--source", "s"], in: workspace.root)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'cheap'?"))
        #expect(try workspace.snapshot() == before)
        #expect(
            try TrackProcess.run(["record", "price", "0.3", "--date", "2099-01-01", "--source", "s", "--allow-future"], in: workspace.root)
                .status == 0)
    }
}

@Suite("Setting up: init and schema (end to end)")
struct SetUpTests {
    @Test("track init makes a workspace where status, validate and evaluate work at once; a second init changes nothing")
    func initThenStatus() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("track-init-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let created = try TrackProcess.run(["init", folder], in: FileManager.default.temporaryDirectory.path)
        #expect(created.status == 0, "\(created.stderr)")
        let next = created.stdout.split(separator: "\n").filter { $0.hasPrefix("  track") }
        #expect(next.count == 3)
        for name in ["predictions.yaml", "track.yaml", ".gitignore", "indicators/example-price.yaml", "schema/predictions.schema.json"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name)")
        }
        #expect(
            try String(contentsOfFile: folder + "/predictions.yaml", encoding: .utf8).hasPrefix(
                "# yaml-language-server: $schema=schema/predictions.schema.json\n"))
        #expect(try String(contentsOfFile: folder + "/.gitignore", encoding: .utf8).contains(".track/"))
        for command in [["status"], ["validate"], ["evaluate"]] {
            let output = try TrackProcess.run(command, in: folder)
            #expect(output.status == 0, "\(command): \(output.stderr)")
            #expect(output.stderr.isEmpty, "\(command): \(output.stderr)")
        }
        #expect(try TrackProcess.run(["status"], in: folder).stdout.contains("example-price-halves"))
        let before = try String(contentsOfFile: folder + "/predictions.yaml", encoding: .utf8)
        let again = try TrackProcess.run(["init", folder], in: folder)
        #expect(again.status == 64)
        #expect(again.stderr.contains("already has predictions.yaml"))
        #expect(try String(contentsOfFile: folder + "/predictions.yaml", encoding: .utf8) == before)
    }

    @Test("track schema prints each file's JSON Schema; an unknown name gets a suggestion")
    func schema() throws {
        for name in ["predictions", "indicator", "catalog", "settings"] {
            let output = try TrackProcess.run(["schema", name], in: FileManager.default.temporaryDirectory.path)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        }
        let typo = try TrackProcess.run(["schema", "indicators"], in: FileManager.default.temporaryDirectory.path)
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("did you mean 'indicator'?"))
    }

    @Test("the README's cron line works under cron's bare environment (PATH=/usr/bin:/bin, nothing else)")
    func cronLine() throws {
        let readme = try String(contentsOfFile: TrackProcess.repositoryRoot + "/README.md", encoding: .utf8)
        let line = try #require(readme.split(separator: "\n").first { $0.hasPrefix("0 7 * * *") })
        // The five schedule fields, then the command cron hands to /bin/sh.
        let command = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true).last.map(String.init) ?? ""
        #expect(command.contains("/usr/local/bin/track"), "cron's PATH has no /usr/local/bin: name the binary by its full path")
        let workspace = try TemporaryWorkspace(["predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": SampleFiles.price])
        let runnable =
            command
            .replacingOccurrences(of: "/path/to/workspace", with: workspace.root)
            .replacingOccurrences(of: "/usr/local/bin/track", with: TrackProcess.binary.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["-i", "PATH=/usr/bin:/bin", "/bin/sh", "-c", runnable]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(!text.contains("failed"), "\(text)")
        #expect(FileManager.default.fileExists(atPath: workspace.root + "/.track/history.sqlite"))
    }
}
