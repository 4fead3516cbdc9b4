import Foundation
import Synchronization
import TestSupport
import Testing

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

@Suite("exec: external evaluators over JSON")
struct ExecEvaluatorTests {
    private static let price = """
        name: Price
        unit: usd
        better: lower
        observations:
          - {date: 2025-01-01, value: 2, source: a}
          - {date: 2025-06-01, value: 1, source: b}

        """

    private func evaluate(program script: String, timeout: String = "5", asOf: String = "2025-03-01") throws -> Evaluation {
        let workspace = try PluginWorkspace(
            evaluate: "exec: {program: fake, indicators: [price], parameters: {target: 0.5, note: [a, b]}, timeout: \(timeout)}",
            indicators: ["price": Self.price], deadline: "2026-12-31", probability: 0.4, programs: ["fake": script])
        return try workspace.evaluate(asOf: asOf)
    }

    @Test("the request carries the protocol version, the forecast, the parameters and only observations up to the as-of day")
    func request() throws {
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("exec-request-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: capture) }
        let evaluation = try evaluate(
            program: """
                #!/bin/sh
                cat > \(capture)
                echo '{"verdict": "pending", "probability": 0.25, "summary": "from a script", "evidence": [{"label": "seen", "value": "1", "date": "2025-01-01"}]}'
                """)
        #expect(evaluation.status == .behind)
        #expect(evaluation.probability == 0.25)
        #expect(evaluation.assessment?.summary == "from a script")
        #expect(evaluation.evidence.first?.date == Day("2025-01-01"))
        let request = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: capture))) as? [String: Any])
        #expect(request["protocol"] as? Int == 1)
        #expect(request["asOf"] as? String == "2025-03-01")
        let prediction = try #require(request["prediction"] as? [String: Any])
        #expect(prediction["id"] as? String == "forecast")
        #expect(prediction["statedProbability"] as? Double == 0.4)
        #expect(prediction["deadline"] as? String == "2026-12-31")
        let parameters = try #require(request["parameters"] as? [String: Any])
        #expect(parameters["target"] as? Double == 0.5)
        #expect(parameters["note"] as? [String] == ["a", "b"])
        let indicators = try #require(request["indicators"] as? [String: [String: Any]])
        let observations = try #require(indicators["price"]?["observations"] as? [[String: Any]])
        #expect(observations.count == 1)
        #expect(observations.first?["value"] as? Double == 2)
        #expect(indicators["price"]?["better"] as? String == "lower")
    }

    @Test(
        "a program that fails in any way is an error for its forecast, with the reason",
        arguments: [
            ("#!/bin/sh\nsleep 30\n", "did not answer within 0.5 s"),
            ("#!/bin/sh\nkill -SEGV $$\n", "crashed"),
            ("#!/bin/sh\necho 'cannot reach the data' >&2\nexit 3\n", "exited with status 3: cannot reach the data"),
            ("#!/bin/sh\necho 'this is not JSON'\n", "malformed JSON"),
            ("#!/bin/sh\necho '{\"verdict\": \"maybe\", \"summary\": \"x\"}'\n", "malformed JSON"),
            ("#!/bin/sh\necho '{\"verdict\": \"pending\", \"summary\": \"no probability\"}'\n", "without a probability in 0...1"),
            ("#!/bin/sh\nexit 0\n", "malformed JSON"),
        ])
    func failures(script: String, reason: String) throws {
        let started = Date()
        let evaluation = try evaluate(program: script, timeout: "0.5")
        #expect(evaluation.status == .error)
        #expect(evaluation.probability == nil)
        #expect(evaluation.summary.contains(reason), "\(evaluation.summary)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test("the shipped POSIX shell example carries a probability")
    func shippedExample() throws {
        let withParameter = try PluginWorkspace(
            evaluate: "exec: {program: stated, parameters: {probability: 0.7}}", deadline: "2026-12-31", probability: 0.2)
        #expect(try withParameter.evaluate(asOf: "2025-06-01").probability == 0.7)
        let stated = try PluginWorkspace(evaluate: "exec: {program: stated}", deadline: "2026-12-31", probability: 0.2)
        let evaluation = try stated.evaluate(asOf: "2025-06-01")
        #expect(evaluation.probability == 0.2)
        #expect(evaluation.status == .behind)
        #expect(evaluation.summary.contains("stated probability"))
    }

    @Test("a program that does not exist fails only its forecast, and validate warns at its name")
    func missingProgram() throws {
        let workspace = try PluginWorkspace(evaluate: "exec: {program: nowhere}", deadline: "2026-12-31")
        let (engine, diagnostics) = workspace.engine()
        let problems = diagnostics.map(\.description)
        #expect(problems.count == 1, "\(problems)")
        let expected =
            "predictions.yaml:11:23: warning: no executable track-eval-nowhere in the workspace's plugins/ folder or on the PATH; add it (chmod +x) or fix the name"
        #expect(problems.first?.hasSuffix(expected) == true, "\(problems)")
        let prediction = try #require(engine.workspace.prediction("forecast"))
        #expect(engine.evaluate(prediction, asOf: try #require(Day("2025-06-01"))).status == .error)
    }

    @Test("a workspace's own program runs only once trusted, and again only after trust is renewed for a change")
    func trust() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("exec-ran-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let script = "#!/bin/sh\ntouch \(marker)\necho '{\"verdict\": \"pending\", \"probability\": 0.5, \"summary\": \"ran\"}'\n"
        let workspace = try PluginWorkspace(
            evaluate: "exec: {program: local}", deadline: "2026-12-31", programs: ["local": script], trusted: false)
        let untrusted = try #require(workspace.engine().diagnostics.first)
        #expect(untrusted.severity == .warning)
        #expect(untrusted.message.contains("is not trusted yet") && untrusted.message.contains("track trust -w "), "\(untrusted)")
        #expect(!FileManager.default.fileExists(atPath: marker))

        try PluginTrust().trust(workspace: workspace.root)
        #expect(try workspace.evaluate(asOf: "2025-06-01").assessment?.summary == "ran")
        #expect(FileManager.default.fileExists(atPath: marker))

        // Any change under plugins/ withdraws the trust until it is given again.
        try (script + "# changed\n").write(toFile: workspace.root + "/plugins/track-eval-local", atomically: false, encoding: .utf8)
        #expect(PluginTrust().status(workspace: workspace.root) == .changed)
        #expect(workspace.engine().diagnostics.first?.message.contains("changed since it was trusted") == true)
        try PluginTrust().trust(workspace: workspace.root)
        #expect(PluginTrust().status(workspace: workspace.root) == .trusted)
        #expect(try PluginTrust().revoke(workspace: workspace.root))
        #expect(PluginTrust().status(workspace: workspace.root) == .untrusted)
    }

    @Test("trust follows links: a change behind a linked plugins/ folder needs trust again")
    func linkedPluginsFolder() throws {
        let workspace = try PluginWorkspace(evaluate: "exec: {program: stated}", deadline: "2026-12-31", trusted: false)
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("track-linked-plugins-\(UUID().uuidString)").path
        try FileManager.default.moveItem(atPath: workspace.root + "/plugins", toPath: elsewhere)
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.createSymbolicLink(atPath: workspace.root + "/plugins", withDestinationPath: elsewhere)
        _ = PluginWorkspace.dataHome
        try PluginTrust().trust(workspace: workspace.root)
        #expect(PluginTrust().status(workspace: workspace.root) == .trusted)
        try "#!/bin/sh\necho '{}'\n".write(toFile: elsewhere + "/track-eval-stated", atomically: false, encoding: .utf8)
        #expect(PluginTrust().status(workspace: workspace.root) == .changed)
    }

    @Test("a timeout above the documented maximum is refused at its value")
    func timeoutCap() throws {
        let workspace = try PluginWorkspace(evaluate: "exec: {program: stated, timeout: 100000}", deadline: "2026-12-31")
        let problems = workspace.engine().diagnostics
        #expect(problems.count == 1)
        #expect(problems.first?.message == "'timeout': must be above 0 and at most 120 seconds")
        // Six spaces of indentation, then `exec: {program: stated, timeout: `: the value starts at column 40.
        #expect(problems.first?.mark?.column == 40)
    }

    @Test("a child that starts its own session and keeps the output open neither hangs track nor outlives it")
    func escapingChild() throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("exec-child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        // The child holds standard output open in a new session and would run for a minute.
        let script =
            "#!/bin/sh\nsetsid sh -c 'echo $$ > \(pidFile); exec sleep 60' &\nwhile [ ! -s \(pidFile) ]; do sleep 0.05; done\nsleep 60\n"
        let started = Date()
        let evaluation = try evaluate(program: script, timeout: "1")
        let elapsed = Date().timeIntervalSince(started)
        #expect(evaluation.status == .error)
        #expect(evaluation.summary.contains("did not answer within 1 s"))
        // The child would keep the output open for 60 s: track stops at its deadline, far sooner.
        #expect(elapsed < 30, "took \(elapsed) s")
        let child = try #require(
            pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(child, 0) != 0 || Self.isZombie(child), "the child \(child) survived")
    }

    @Test("a program that answers and leaves a session child behind gets its answer through, and the child is stopped")
    func answerThenEscape() throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("exec-child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let script = """
            #!/bin/sh
            setsid sh -c 'echo $$ > \(pidFile); exec sleep 60' &
            while [ ! -s \(pidFile) ]; do sleep 0.05; done
            echo '{"verdict": "pending", "probability": 0.3, "summary": "answered"}'
            """
        let started = Date()
        let evaluation = try evaluate(program: script, timeout: "5")
        #expect(evaluation.assessment?.summary == "answered")
        #expect(Date().timeIntervalSince(started) < 30)
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let child = try #require(pid_t(text))
        #expect(kill(child, 0) != 0 || Self.isZombie(child), "the child \(child) survived")
    }

    @Test(
        "a descendant without the run's token, in a session of its own, is stopped once it loses its parent",
        arguments: [
            // `env -i` drops the token; the shell in between exits at once, so the sleeper is an orphan.
            "",
            // The `env -i` shell stays in the program's group, waiting: the sleeper is orphaned only when the group is killed.
            " wait",
        ])
    func orphanWithoutToken(waitingShell: String) throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("exec-orphan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let script = """
            #!/bin/sh
            env -i /bin/sh -c 'setsid /bin/sh -c "echo \\$\\$ > \(pidFile); exec sleep 60" < /dev/null > /dev/null 2>&1 &\(waitingShell)' &
            while [ ! -s \(pidFile) ]; do sleep 0.05; done
            echo '{"verdict": "pending", "probability": 0.3, "summary": "answered"}'
            """
        let evaluation = try evaluate(program: script, timeout: "5")
        #expect(evaluation.assessment?.summary == "answered")
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let orphan = try #require(pid_t(text))
        #expect(kill(orphan, 0) != 0 || Self.isZombie(orphan), "the orphan \(orphan) survived")
    }

    @Test("what a program leaves running is not left as a zombie of track's")
    func noZombies() throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("exec-child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let script = """
            #!/bin/sh
            sleep 5 &
            echo $! > \(pidFile)
            echo '{"verdict": "pending", "probability": 0.3, "summary": "answered"}'
            """
        let evaluation = try evaluate(program: script, timeout: "5")
        #expect(evaluation.assessment?.summary == "answered")
        let child = try #require(
            pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // Killed with the group and reaped: gone, not a zombie.
        #expect(kill(child, 0) != 0, "the child \(child) is still there (zombie: \(Self.isZombie(child)))")
    }

    @Test("runs of different programs on several threads at once do not wait for each other")
    func concurrentRuns() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("exec-log-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let script = "#!/bin/sh\necho start >> \(log)\nsleep 2\necho end >> \(log)\necho '{\"summary\": \"slow\"}'\n"
        let workspaces = try (0..<4).map { _ in
            try PluginWorkspace(evaluate: "exec: {program: slow}", deadline: "2026-12-31", programs: ["slow": script])
        }
        let outputs = Mutex([String]())
        let group = DispatchGroup()
        for workspace in workspaces {
            let runner = ProgramRunner(
                executable: URL(fileURLWithPath: workspace.root + "/plugins/track-eval-slow"), timeout: 20, environment: [:])
            group.enter()
            Thread.detachNewThread {
                let output = (try? runner.run(input: Data())).map { String(decoding: $0, as: UTF8.self) } ?? "failed"
                outputs.withLock { $0.append(output) }
                group.leave()
            }
        }
        group.wait()
        #expect(outputs.withLock { $0.count == 4 && $0.allSatisfy { $0.contains("slow") } })
        // All four had started before any ended: they ran side by side.
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines == ["start", "start", "start", "start", "end", "end", "end", "end"])
    }

    /// Whether `pid` has exited and waits only to be reaped by its parent.
    private static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return true
        }
        return stat[stat.index(close, offsetBy: 2)] == "Z"
    }
}
