// Golden-output tests: they pin the exact output of the built `track` binary on the fixture workspace
// Tests/Fixtures/golden/workspace/ (copied to a temporary directory for each run) against the files in
// Tests/Fixtures/golden/expected/: NAME.stdout and NAME.stderr for each case below, every run as of the
// same day (--as-of and TRACK_TODAY), with NO_COLOR=1 and COLUMNS=120. The temporary workspace's path is
// written $WORKSPACE and wall-clock times (history's recordedAt) $TIME, so the files hold no run's own values.
//
// When an output changes on purpose, regenerate the expected files:
//
//     TRACK_UPDATE_GOLDEN=1 swift test --filter GoldenOutput
//
// That run writes every actual output into its expected file and fails on purpose (one issue per file
// written), so that an update run is never green. Review the changed files in `git diff` (they are the
// new behaviour being pinned) before committing them, then run again without the flag.

import Foundation
import TestSupport
import Testing

@Suite("Golden outputs: the exact CLI output on the fixture workspace")
struct GoldenOutputTests {
    /// The day every case is run as of.
    static let asOf = "2026-06-30"

    /// One command whose standard output and standard error are pinned in `expected/NAME.stdout` and `NAME.stderr`.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var status: Int32 = 0
        var testDescription: String { name }
    }

    /// Commands on the fixture as it is.
    static let cases: [Case] = [
        Case(name: "validate", arguments: ["validate"]),
        Case(name: "validate-json", arguments: ["validate", "--format", "json"]),
        Case(name: "status", arguments: ["status", "--as-of", asOf]),
        Case(name: "status-json", arguments: ["status", "--as-of", asOf, "--format", "json"]),
        Case(name: "explain-price-halves", arguments: ["explain", "price-halves", "--as-of", asOf]),
        Case(name: "explain-v2-leads-benchmark", arguments: ["explain", "v2-leads-benchmark", "--as-of", asOf]),
        Case(name: "explain-model-b-cheap-either-way", arguments: ["explain", "model-b-cheap-either-way", "--as-of", asOf]),
        Case(name: "explain-no-takeover", arguments: ["explain", "no-takeover", "--as-of", asOf]),
        Case(name: "explain-capability-cheaper", arguments: ["explain", "capability-cheaper", "--as-of", asOf]),
        Case(name: "indicators", arguments: ["indicators", "--as-of", asOf]),
    ]

    /// Commands run in order on one workspace: a backfill of monthly backtests, then the history it gives.
    static let historyCases: [Case] = [
        Case(name: "evaluate-backfill", arguments: ["evaluate", "--backfill", "--from", "2025-12-31", "--every", "1m", "--as-of", asOf]),
        Case(name: "history-price-halves", arguments: ["history", "price-halves"]),
        Case(name: "history-v2-leads-benchmark", arguments: ["history", "v2-leads-benchmark"]),
        Case(name: "history-price-halves-json", arguments: ["history", "price-halves", "--format", "json"]),
    ]

    static let golden = TrackProcess.repositoryRoot + "/Tests/Fixtures/golden"
    static let expected = golden + "/expected"

    /// TRACK_UPDATE_GOLDEN=1: write the actual outputs into the expected files instead of comparing.
    static var updating: Bool { ProcessInfo.processInfo.environment["TRACK_UPDATE_GOLDEN"] == "1" }

    /// The same for every run, whatever the caller's environment (TRACK_COLOR could force colour on).
    static let environment = ["NO_COLOR": "1", "TRACK_COLOR": "auto", "COLUMNS": "120", "TRACK_TODAY": asOf, "TZ": "UTC"]

    @Test("each command's output on the fixture", arguments: cases)
    func command(_ golden: Case) throws {
        let workspace = try Self.fixtureWorkspace()
        try Self.check(golden, in: workspace)
    }

    @Test("evaluate --backfill, then history from its backtests")
    func history() throws {
        let workspace = try Self.fixtureWorkspace()
        for golden in Self.historyCases { try Self.check(golden, in: workspace) }
    }

    @Test("a failed comparison names the first differing line, quoted")
    func firstDifferenceMessage() {
        #expect(Self.firstDifference(expected: "a\nb\n", actual: "a\nb\n") == nil)
        let changed = Self.firstDifference(expected: "a\nb \nc\n", actual: "a\nb\nc\n")
        #expect(changed?.line == 2 && changed?.expected == "\"b \"" && changed?.actual == "\"b\"")
        let shorter = Self.firstDifference(expected: "a\nb\n", actual: "a\n")
        #expect(shorter?.line == 2 && shorter?.expected == "\"b\"" && shorter?.actual == "<end of output>")
        #expect(shorter?.expectedLines == 2 && shorter?.actualLines == 1)
        let ending = Self.firstDifference(expected: "a\n", actual: "a")
        #expect(ending?.line == 1 && ending?.expected == "a line break at the end" && ending?.actual == "no line break at the end")
    }

    /// A copy of the fixture workspace in a temporary directory.
    static func fixtureWorkspace() throws -> TemporaryWorkspace {
        let root = golden + "/workspace"
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            }
        }
        #expect(files["predictions.yaml"] != nil, "no fixture workspace at \(root)")
        return try TemporaryWorkspace(files)
    }

    /// Runs one case in `workspace` and compares (or, when updating, writes) its outputs.
    static func check(_ golden: Case, in workspace: TemporaryWorkspace) throws {
        let output = try TrackProcess.run(golden.arguments, in: workspace.root, environment: environment)
        let command = (["track"] + golden.arguments).joined(separator: " ")
        #expect(
            output.status == golden.status, "`\(command)` exited \(output.status), expected \(golden.status); stderr:\n\(output.stderr)")
        try compare(normalised(output.stdout, root: workspace.root), with: golden.name + ".stdout", command: command)
        try compare(normalised(output.stderr, root: workspace.root), with: golden.name + ".stderr", command: command)
    }

    /// The output with what differs from run to run replaced: the temporary workspace's path, wall-clock times.
    static func normalised(_ text: String, root: String) -> String {
        var text = text
        let resolved = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        for path in [root, resolved].sorted(by: { $0.count > $1.count }) {
            text = text.replacingOccurrences(of: path, with: "$WORKSPACE")
        }
        return text.replacing(#/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})/#, with: "$TIME")
    }

    /// Compares `actual` with the expected file `name`, or writes it there when updating.
    static func compare(_ actual: String, with name: String, command: String) throws {
        let path = expected + "/" + name
        let relative = "Tests/Fixtures/golden/expected/" + name
        let current = try? String(contentsOfFile: path, encoding: .utf8)
        if updating {
            try FileManager.default.createDirectory(atPath: expected, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record(
                Comment(
                    rawValue:
                        "TRACK_UPDATE_GOLDEN=1: wrote \(relative) (\(current == actual ? "unchanged" : current == nil ? "new" : "changed")); "
                        + "review the diff, then run again without the flag"))
            return
        }
        guard let current else {
            Issue.record(
                Comment(
                    rawValue:
                        "no expected output \(relative) for `\(command)`; create it with TRACK_UPDATE_GOLDEN=1 swift test --filter GoldenOutput"
                ))
            return
        }
        if let difference = firstDifference(expected: current, actual: actual) {
            Issue.record(
                Comment(
                    rawValue: "`\(command)` differs from \(relative) at line \(difference.line):\n"
                        + "  expected: \(difference.expected)\n"
                        + "  actual:   \(difference.actual)\n"
                        + "(expected \(difference.expectedLines) lines, actual \(difference.actualLines); if the change is intended: "
                        + "TRACK_UPDATE_GOLDEN=1 swift test --filter GoldenOutput, and review the diff)"))
        }
    }

    /// The first line (1-based) where the two texts differ, each side quoted so that spaces and escapes show
    /// ("<end of output>" past the last line), and each text's number of lines; nil when they are equal.
    static func firstDifference(expected: String, actual: String) -> (
        line: Int, expected: String, actual: String, expectedLines: Int, actualLines: Int
    )? {
        guard expected != actual else { return nil }
        func lines(_ text: String) -> [Substring] {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
        let left = lines(expected)
        let right = lines(actual)
        let common = min(left.count, right.count)
        func show(_ lines: [Substring], _ index: Int) -> String {
            index < lines.count ? String(reflecting: String(lines[index])) : "<end of output>"
        }
        if let index = (0..<common).first(where: { left[$0] != right[$0] }) ?? (left.count == right.count ? nil : common) {
            return (index + 1, show(left, index), show(right, index), left.count, right.count)
        }
        // The same lines: only the line break at the end differs.
        func ending(_ text: String) -> String { text.hasSuffix("\n") ? "a line break at the end" : "no line break at the end" }
        return (left.count, ending(expected), ending(actual), left.count, right.count)
    }
}
