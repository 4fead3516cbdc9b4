import Foundation
import TestSupport
import Testing

@Suite("Evaluation on the command line (end to end)")
struct EvaluationCommandTests {
    private static let predictions = """
        sources:
          - {id: article, title: An article}
        predictions:
          - id: cheaper
            statement: The price halves.
            source: article
            made: 2024-12-01
            deadline: 2026-12-31
            probability: 0.6
            criteria: Yes if the price halves.
            evaluate:
              threshold: {indicator: price, target: {factor: 0.5, baseline: 2024-12-26}}
          - id: listing
            statement: The company lists.
            source: article
            made: 2024-12-01
            deadline: 2028
            criteria: Yes if it lists.
            evaluate:
              exec: {program: broken}

        """

    private func workspace() throws -> TemporaryWorkspace {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": Self.predictions,
            "indicators/price.yaml": SampleFiles.price,
            "plugins/track-eval-broken": "#!/bin/sh\necho 'no data source' >&2\nexit 2\n",
        ])
        chmod(workspace.root + "/plugins/track-eval-broken", 0o755)
        return workspace
    }

    @Test("status evaluates every forecast; a failing plugin is an error for its forecast alone")
    func status() throws {
        let workspace = try workspace()
        #expect(try TrackProcess.run(["trust"], in: workspace.root).status == 0)
        let output = try TrackProcess.run(["status", "--as-of", "2025-10-01", "--format", "json"], in: workspace.root)
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let items = try #require(object["forecasts"] as? [[String: Any]])
        #expect(items.map { $0["status"] as? String } == ["ahead", "error"])
        #expect(items[0]["probability"] as? Double == 1)
        let evidence = try #require(items[0]["evidence"] as? [[String: Any]])
        #expect(evidence.contains { $0["source"] as? String == "https://example.com/v3" && $0["date"] as? String == "2024-12-26" })
        #expect((items[1]["summary"] as? String)?.contains("exited with status 2: no data source") == true)
        let before = try TrackProcess.run(["status", "--as-of", "2025-01-01"], in: workspace.root)
        #expect(before.stdout.contains("cheaper") && before.stdout.contains("at-risk"))
    }

    @Test("explain shows the data used, their sources and the reasoning")
    func explain() throws {
        let workspace = try workspace()
        let output = try TrackProcess.run(["explain", "cheaper", "--as-of", "2025-10-01"], in: workspace.root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("status: ahead, probability 100%"))
        #expect(output.stdout.contains("target: 0.5 x the value on 2024-12-26: 0.55"))
        #expect(output.stdout.contains("https://example.com/v3"))
        let json = try TrackProcess.run(["explain", "cheaper", "--format", "json", "--as-of", "2025-01-01"], in: workspace.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "at-risk")
        // Evidence values are numbers, the text beside them; the fixture's 2024-12-26 price is 1.10.
        let evidence = try #require(object["evidence"] as? [[String: Any]])
        let price = try #require(evidence.first { $0["date"] as? String == "2024-12-26" })
        #expect(price["value"] as? Double == 1.1)
        #expect(price["display"] as? String == "1.1 usd_per_mtok")
        for key in ["made", "criteria", "source", "resolution", "deadlineDay", "parts"] { #expect(object.keys.contains(key), "\(key)") }
        let unknown = try TrackProcess.run(["explain", "cheapr"], in: workspace.root)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'cheaper'?"))
    }

    @Test("plugins lists every plugin and shows one's parameters and examples")
    func plugins() throws {
        let list = try TrackProcess.run(["plugins"], in: "/")
        #expect(list.status == 0)
        for name in ["threshold", "trend", "path", "milestone", "leader", "all", "any", "not", "exec"] {
            #expect(list.stdout.contains("\n\(name) "), "\(name) missing")
        }
        let trend = try TrackProcess.run(["plugins", "trend"], in: "/")
        #expect(trend.stdout.contains("min-points"))
        #expect(trend.stdout.contains("Examples:"))
        let unknown = try TrackProcess.run(["plugins", "trnd"], in: "/")
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'trend'?"))
    }

    @Test("validate reports plugin configuration errors with their place, and status refuses them")
    func configurationErrors() throws {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": Self.predictions.replacingOccurrences(
                of: "threshold: {indicator: price,", with: "threshhold: {indicator: price,"),
            "indicators/price.yaml": SampleFiles.price,
        ])
        let output = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(output.status == 65)
        #expect(output.stderr.contains("predictions.yaml:12:7: error: 'threshhold' is not a known plugin"))
        #expect(output.stderr.contains("did you mean 'threshold'?"))
        // A missing program fails its own forecast only: a warning, not an error of the workspace.
        #expect(output.stderr.contains("predictions.yaml:20:23: warning: no executable track-eval-broken"))
        let status = try TrackProcess.run(["status"], in: workspace.root)
        #expect(status.status == 65)
    }
}

@Suite("evaluate's closing line (end to end)")
struct EvaluateClosingLineTests {
    @Test("a run whose probabilities moved by less than alert-probability-change says so, not 'changes above' with none above")
    func smallChanges() throws {
        let price = """
            name: Output price
            unit: usd_per_mtok
            better: lower
            observations:
              - {date: 2024-12-26, value: 1.10, source: https://example.com/a}
              - {date: 2025-03-01, value: 1.00, source: https://example.com/b}
              - {date: 2025-06-01, value: 0.90, source: https://example.com/c}

            """
        // No move reaches 0.99: whatever moves between the two days is small.
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.cheapForecast, "indicators/price.yaml": price, "track.yaml": "alert-probability-change: 0.99\n",
        ])
        #expect(try TrackProcess.run(["evaluate"], in: workspace.root, environment: ["TRACK_TODAY": "2025-07-01"]).status == 0)
        let second = try TrackProcess.run(["evaluate"], in: workspace.root, environment: ["TRACK_TODAY": "2025-10-01"])
        #expect(second.status == 0, "\(second.stderr)")
        let lines = second.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(second.stdout)")
        #expect(second.stdout.contains("small changes since the run of 2025-07-01") && !second.stdout.contains("above"), "\(second.stdout)")
    }
}
