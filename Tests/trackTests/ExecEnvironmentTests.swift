import Foundation
import TestSupport
import Testing

/// What an `exec` plugin's program may see of track's environment, end to end: the variables are set
/// for the `track` process only (setting them in the test process would race with other tests).
@Suite("exec: a program's environment (end to end)")
struct ExecEnvironmentTests {
    @Test("a program sees only PATH, HOME, LANG, TZ, the variables its forecast lists, and its run's token")
    func environment() throws {
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("exec-env-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: capture) }
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(
                """
                  - id: env
                    statement: S.
                    source: article
                    made: 2025-01-01
                    deadline: 2026-12-31
                    criteria: C.
                    evaluate:
                      exec: {program: env, environment: [TRACK_TEST_PASSED]}
                """),
            "plugins/track-eval-env": "#!/bin/sh\nenv > \(capture)\necho '{\"verdict\": \"untestable\", \"summary\": \"x\"}'\n",
        ])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: workspace.path("plugins/track-eval-env"))
        #expect(try TrackProcess.run(["trust"], in: workspace.root).status == 0)
        let status = try TrackProcess.run(
            ["status", "--as-of", "2025-06-01"], in: workspace.root,
            environment: ["TRACK_TEST_SECRET": "s3cret", "TRACK_TEST_PASSED": "passed"])
        #expect(status.status == 0, "\(status.stderr)")
        let names = Set(
            try String(contentsOfFile: capture, encoding: .utf8).split(separator: "\n").compactMap {
                $0.split(separator: "=").first.map(String.init)
            })
        // The shell itself adds PWD (and may add SHLVL and _); TRACK_PLUGIN_RUN is the run's token.
        let allowed: Set<String> = ["PATH", "HOME", "LANG", "TZ", "TRACK_TEST_PASSED", "TRACK_PLUGIN_RUN", "PWD", "SHLVL", "_"]
        #expect(names.isSubset(of: allowed), "\(names.subtracting(allowed))")
        #expect(names.contains("TRACK_TEST_PASSED") && names.contains("TRACK_PLUGIN_RUN"))
        #expect(!names.contains("TRACK_TEST_SECRET"))
    }
}
