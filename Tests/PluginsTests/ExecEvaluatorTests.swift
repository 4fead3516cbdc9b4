import Foundation
import Testing
@testable import Plugins
import Tracker

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
        let evaluation = try evaluate(program: """
            #!/bin/sh
            cat > \(capture)
            echo '{"verdict": "pending", "probability": 0.25, "summary": "from a script", "evidence": [{"label": "seen", "value": "1", "date": "2025-01-01"}]}'
            """)
        #expect(evaluation.status == .behind)
        #expect(evaluation.probability == 0.25)
        #expect(evaluation.summary == "from a script")
        #expect(evaluation.evidence.first?.date == Day("2025-01-01"))
        let request = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: capture))) as? [String: Any])
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

    @Test("a program that fails in any way is an error for its forecast, with the reason", arguments: [
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

    @Test("a program that does not exist is a configuration error at its name")
    func missingProgram() throws {
        let workspace = try PluginWorkspace(evaluate: "exec: {program: nowhere}", deadline: "2026-12-31")
        let problems = workspace.engine().diagnostics.map(\.description)
        #expect(problems.count == 1, "\(problems)")
        let expected = "predictions.yaml:11:23: error: no executable track-eval-nowhere in the workspace's plugins/ folder or on the PATH; add it (chmod +x) or fix the name"
        #expect(problems.first?.hasSuffix(expected) == true, "\(problems)")
    }
}
