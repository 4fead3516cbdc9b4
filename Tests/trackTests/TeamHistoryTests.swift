import Foundation
import TestSupport
import Testing

@Suite("Teams: the history as text in git (end to end)")
struct TeamHistoryTests {
    private static let predictions = """
        sources:
          - {id: article, title: An article}
        predictions:
          - id: cheap
            statement: The price falls to 0.5.
            source: article
            made: 2024-12-01
            deadline: 2026-12-31
            probability: 0.7
            criteria: Yes if the price falls to 0.5.
            evaluate:
              threshold: {indicator: price, target: 0.5, prior: 0.5}
          - id: early
            statement: Something by 2025.
            source: article
            made: 2024-12-01
            deadline: 2025-06-30
            criteria: Yes if it happens.
            evaluate:
              threshold: {indicator: price, target: 0.01}

        """

    /// Runs git with a fixed identity and default branch, so the machine's own configuration does not matter.
    @discardableResult
    private func git(_ arguments: [String], in directory: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main",
                "-c", "pull.rebase=false", "-c", "commit.gpgsign=false",
            ] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    private func evaluate(_ clone: String, on today: String, as runner: String) throws {
        let output = try TrackProcess.run(["evaluate", "--quiet"], in: clone, environment: ["TRACK_TODAY": today, "TRACK_RUNNER": runner])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try git(["add", "history"], in: clone).status == 0)
        let commit = try git(["commit", "-q", "-m", "evaluate \(today) (\(runner))"], in: clone)
        #expect(commit.status == 0, "\(commit.output)")
    }

    private func files(_ clone: String) -> [String] {
        (FileManager.default.enumerator(atPath: clone + "/history")?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".jsonl") }
            .sorted()
    }

    @Test("two clones evaluate and commit on different days, then merge: no conflict, every run in history, the index as if built afresh")
    func twoClonesMerge() throws {
        // Given a repository holding a workspace, and two clones of it.
        let base = try TemporaryWorkspace([
            "seed/predictions.yaml": Self.predictions, "seed/indicators/price.yaml": SampleFiles.price, "seed/.gitignore": ".track/\n",
        ])
        let origin = base.root + "/origin.git"
        let seed = base.root + "/seed"
        let alice = base.root + "/alice"
        let bob = base.root + "/bob"
        #expect(try git(["init", "-q", "--bare", origin], in: base.root).status == 0)
        #expect(try git(["init", "-q"], in: seed).status == 0)
        #expect(try git(["add", "."], in: seed).status == 0)
        #expect(try git(["commit", "-q", "-m", "workspace"], in: seed).status == 0)
        #expect(try git(["push", "-q", origin, "HEAD:main"], in: seed).status == 0)
        #expect(try git(["clone", "-q", origin, alice], in: base.root).status == 0)
        #expect(try git(["clone", "-q", origin, bob], in: base.root).status == 0)

        // When each evaluates and commits, on different days and on one day they share, and they merge.
        try evaluate(alice, on: "2025-05-01", as: "alice")
        try evaluate(alice, on: "2025-06-01", as: "alice")
        try evaluate(bob, on: "2025-06-01", as: "bob")
        let bobsBefore = try TrackProcess.run(["history", "cheap", "--format", "csv"], in: bob)
        #expect(bobsBefore.stdout.split(separator: "\n").count == 2)
        try evaluate(bob, on: "2025-10-01", as: "bob")
        #expect(try git(["push", "-q", "origin", "main"], in: alice).status == 0)
        let pull = try git(["pull", "--no-edit", "origin", "main"], in: bob)

        // Then: no conflict, a clean tree, and bob's index (built before the merge) sees all four runs.
        #expect(pull.status == 0, "\(pull.output)")
        #expect(try git(["status", "--porcelain"], in: bob).output.isEmpty)
        #expect(files(bob).count == 4)
        let sameDay = files(bob).filter { name in
            ((try? String(contentsOfFile: bob + "/history/" + name, encoding: .utf8)) ?? "").hasPrefix(#"{"asOf":"2025-06-01""#)
        }
        #expect(sameDay.count == 2 && sameDay.contains { $0.contains("-alice-") } && sameDay.contains { $0.contains("-bob-") })
        let csv = try TrackProcess.run(["history", "cheap", "--format", "csv"], in: bob)
        #expect(
            csv.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(19)) }
                == ["2025-05-01,recorded", "2025-06-01,recorded", "2025-06-01,recorded", "2025-10-01,recorded"], "\(csv.stdout)")

        // The index built step by step equals one built from scratch, for every command that reads it.
        let reads = [
            ["history", "cheap"], ["history", "cheap", "--format", "json"], ["history", "early", "--format", "csv"],
            ["score", "--format", "json"],
        ]
        let incremental = try reads.map { try TrackProcess.run($0, in: bob).stdout }
        try FileManager.default.removeItem(atPath: bob + "/.track")
        let scratch = try reads.map { try TrackProcess.run($0, in: bob).stdout }
        #expect(incremental == scratch)
        #expect(incremental[0].contains("2025-10-01"))

        // And the run after the merge compares with the latest run of either clone.
        let next = try TrackProcess.run(["evaluate"], in: bob, environment: ["TRACK_TODAY": "2025-10-02", "TRACK_RUNNER": "bob"])
        #expect(next.stdout.contains("since the run of 2025-10-01"), "\(next.stdout)")
    }

    @Test("the header names the commit and whether the tree had changes; deleting .track/ loses nothing")
    func headerAndRebuild() throws {
        let repository = try TemporaryWorkspace([
            "predictions.yaml": Self.predictions, "indicators/price.yaml": SampleFiles.price, ".gitignore": ".track/\n",
        ])
        let root = repository.root
        #expect(try git(["init", "-q"], in: root).status == 0)
        #expect(try git(["add", "."], in: root).status == 0)
        #expect(try git(["commit", "-q", "-m", "workspace"], in: root).status == 0)
        let head = try git(["rev-parse", "HEAD"], in: root).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try TrackProcess.run(["evaluate", "--quiet"], in: root, environment: ["TRACK_TODAY": "2025-05-01"]).status == 0)
        try "# a local edit\n".write(toFile: root + "/notes.txt", atomically: true, encoding: .utf8)
        // A later day on which the forecasts moved (a run that changes nothing writes no file).
        #expect(try TrackProcess.run(["evaluate", "--quiet"], in: root, environment: ["TRACK_TODAY": "2025-10-01"]).status == 0)
        let headers = try files(root).map { try String(contentsOfFile: root + "/history/" + $0, encoding: .utf8).prefix { $0 != "\n" } }
        let byDay = Dictionary(uniqueKeysWithValues: headers.map { ($0.contains(#""asOf":"2025-05-01""#), String($0)) })
        #expect(byDay[true]?.contains(#""dirty":false,"#) == true && byDay[true]?.contains(#""gitCommit":"\#(head)""#) == true)
        #expect(byDay[false]?.contains(#""dirty":true,"#) == true)

        let before = try TrackProcess.run(["history", "cheap"], in: root)
        try FileManager.default.removeItem(atPath: root + "/.track")
        let after = try TrackProcess.run(["history", "cheap"], in: root)
        #expect(after.status == 0 && after.stdout == before.stdout && before.stdout.contains("2025-10-01"))

        // A history file damaged by hand is bad data, named by file and line; restored, all is as before.
        let name = try #require(files(root).first)
        let path = root + "/history/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + "{\"id\": \"cheap\", \"status\": \"sideways\"}\n").write(toFile: path, atomically: true, encoding: .utf8)
        let damaged = try TrackProcess.run(["history", "cheap"], in: root)
        #expect(damaged.status == 65)
        #expect(damaged.stderr.contains("history/\(name):4:1: error: "), "\(damaged.stderr)")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try TrackProcess.run(["history", "cheap"], in: root).stdout == before.stdout)
    }

    @Test("--notify-command gets the change report as JSON on its standard input, only when something changed")
    func notifyCommand() throws {
        let workspace = try TemporaryWorkspace(["predictions.yaml": Self.predictions, "indicators/price.yaml": SampleFiles.price])
        let hook = ["--notify-command", "cat >> notified.json"]
        #expect(try TrackProcess.run(["evaluate"] + hook, in: workspace.root, environment: ["TRACK_TODAY": "2025-05-01"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: workspace.root + "/notified.json"))  // the first run: nothing to compare
        #expect(try TrackProcess.run(["evaluate"] + hook, in: workspace.root, environment: ["TRACK_TODAY": "2025-10-01"]).status == 0)
        let data = try #require(FileManager.default.contents(atPath: workspace.root + "/notified.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(report["previousAsOf"] as? String == "2025-05-01" && report["asOf"] as? String == "2025-10-01")
        // The price fell to 0.42 on 2025-09-29, past the 0.5 target; "early" passed its deadline (2025-06-30) without reaching 0.01.
        let transitions = try #require(report["transitions"] as? [[String: Any]])
        #expect(Set(transitions.compactMap { $0["id"] as? String }) == ["cheap", "early"])

        // Nothing changed from one day to the next: the command is not run.
        #expect(try TrackProcess.run(["evaluate"] + hook, in: workspace.root, environment: ["TRACK_TODAY": "2025-10-02"]).status == 0)
        #expect(FileManager.default.contents(atPath: workspace.root + "/notified.json") == data)

        // A command that fails is reported and makes track exit 1; the run is recorded all the same.
        let other = try TemporaryWorkspace(["predictions.yaml": Self.predictions, "indicators/price.yaml": SampleFiles.price])
        #expect(try TrackProcess.run(["evaluate"], in: other.root, environment: ["TRACK_TODAY": "2025-05-01"]).status == 0)
        let failing = try TrackProcess.run(
            ["evaluate", "--notify-command", "exit 3"], in: other.root, environment: ["TRACK_TODAY": "2025-10-01"])
        #expect(failing.status == 1 && failing.stderr.contains("--notify-command failed (exit 3)"), "\(failing.stderr)")
        let csv = try TrackProcess.run(["history", "cheap", "--format", "csv"], in: other.root)
        #expect(csv.stdout.split(separator: "\n").count == 3)
        let whatIf = try TrackProcess.run(
            ["evaluate", "--as-of", "2025-01-01"] + hook, in: workspace.root, environment: ["TRACK_TODAY": "2025-12-02"])
        #expect(whatIf.status == 64 && whatIf.stderr.contains("--notify-command"))
    }

    @Test("four commands building the index at once all see every run, and the index holds each run once")
    func concurrentIndexing() throws {
        let workspace = try TemporaryWorkspace(["predictions.yaml": Self.predictions, "indicators/price.yaml": SampleFiles.price])
        for day in ["2025-05-01", "2025-06-01", "2025-07-01"] {
            #expect(try TrackProcess.run(["evaluate", "--quiet"], in: workspace.root, environment: ["TRACK_TODAY": day]).status == 0)
        }
        try FileManager.default.removeItem(atPath: workspace.root + "/.track")
        let outputs = try (0..<4).map { _ -> (Process, Pipe) in
            let process = Process()
            process.executableURL = TrackProcess.binary
            process.arguments = ["history", "cheap", "--format", "csv"]
            process.currentDirectoryURL = URL(fileURLWithPath: workspace.root)
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            return (process, pipe)
        }.map { process, pipe in
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(outputs.allSatisfy { $0.0 == 0 })
        #expect(
            outputs.allSatisfy {
                $0.1.split(separator: "\n").dropFirst().map { String($0.prefix(10)) } == ["2025-05-01", "2025-06-01", "2025-07-01"]
            })
        let again = try TrackProcess.run(["history", "cheap", "--format", "csv"], in: workspace.root)
        #expect(again.stdout == outputs[0].1)
    }
}
