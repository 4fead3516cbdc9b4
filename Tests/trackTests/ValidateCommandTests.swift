import Foundation
import TestSupport
import Testing

@Suite("track validate (end to end)")
struct ValidateCommandTests {
    @Test("a clean workspace exits 0 and says what it checked")
    func clean() throws {
        let workspace = try TemporaryWorkspace(["predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": SampleFiles.price])
        let output = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(output.status == 0)
        #expect(output.stdout == "2 predictions, 1 indicator, 2 observations: 0 errors, 0 warnings\n")
        #expect(output.stderr.isEmpty)
    }

    @Test("a broken workspace exits 65, names file:line:column with the source line and a caret, and changes no file")
    func broken() throws {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts.replacingOccurrences(of: "probability: 0.55", with: "probabilty: 0.55"),
            "indicators/price.yaml": SampleFiles.price.replacingOccurrences(of: "value: 0.42", with: "value: cheap"),
        ])
        let before = try workspace.snapshot()
        let output = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(output.status == 65)
        #expect(
            output.stderr.contains(
                """
                indicators/price.yaml:12:12: error: 'value': expected a finite number, found the string 'cheap'
                    value: cheap
                           ^
                """))
        #expect(
            output.stderr.contains(
                """
                predictions.yaml:11:5: error: unknown field 'probabilty' in prediction; did you mean 'probability'?
                    probabilty: 0.55
                    ^
                """))
        #expect(output.stderr.contains("2 errors, 0 warnings"))
        #expect(try workspace.snapshot() == before)
    }

    @Test("bad YAML is reported with libyaml's place")
    func badYAML() throws {
        let workspace = try TemporaryWorkspace(["predictions.yaml": "sources: [\npredictions: []\n"])
        let output = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(output.status == 65)
        #expect(output.stderr.hasPrefix("predictions.yaml:"))
        #expect(output.stderr.contains("error: invalid YAML"))
    }

    @Test("the shipped workspace validates")
    func shippedWorkspace() throws {
        let output = try TrackProcess.run(["validate", "--workspace", TrackProcess.repositoryRoot], in: "/")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains(": 0 errors"))
    }

    @Test("no workspace found exits 64 and says how to point at one")
    func noWorkspace() throws {
        let workspace = try TemporaryWorkspace(["notes.txt": "not a workspace"])
        let output = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(output.status == 64)
        #expect(output.stderr.contains("pass --workspace DIR"))
        let explicit = try TrackProcess.run(["status", "--workspace", "nowhere"], in: workspace.root)
        #expect(explicit.status == 64)
        #expect(explicit.stderr.contains("no predictions.yaml in 'nowhere' (--workspace)"))
    }
}
