import Foundation
import TestSupport

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

/// A workspace in a temporary directory with one forecast, for running plugins end to end.
final class PluginWorkspace {
    let root: String

    /// The repository's root, which holds the shipped workspace and `plugins/`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// One forecast with `evaluate`, the given indicator files, the shipped catalog, and any programs for `exec` under plugins/.
    init(
        evaluate: String, indicators: [String: String] = [:], made: String = "2025-01-01", deadline: String,
        probability: Double? = nil, programs: [String: String] = [:], extraPredictions: String = "",
        trusted: Bool = true
    ) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("track-plugins-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/indicators", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/plugins", withIntermediateDirectories: true)
        let indented = evaluate.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        let predictions = """
            sources:
              - {id: test, title: Test}
            predictions:
              - id: forecast
                statement: Something happens.
                source: test
                made: \(made)
                deadline: \(deadline)
            \(probability.map { "    probability: \($0)\n" } ?? "")    criteria: It happens.
                evaluate:
            \(indented)
            \(extraPredictions)
            """
        try predictions.write(toFile: root + "/predictions.yaml", atomically: true, encoding: .utf8)
        for (id, text) in indicators {
            try Self.declaringSubjects(named: evaluate, in: text).write(
                toFile: root + "/indicators/\(id).yaml", atomically: true, encoding: .utf8)
        }
        try FileManager.default.copyItem(atPath: Self.repositoryRoot + "/catalog", toPath: root + "/catalog")
        let shipped = try String(contentsOfFile: Self.repositoryRoot + "/plugins/track-eval-stated", encoding: .utf8)
        try Self.writeExecutable(shipped, to: root + "/plugins/track-eval-stated")
        for (name, script) in programs {
            try Self.writeExecutable(script, to: root + "/plugins/track-eval-\(name)")
        }
        if trusted {
            _ = Self.dataHome
            try PluginTrust().trust(workspace: root)
        }
    }

    /// track's user data (the trust list) for this test process: a temporary folder, never the user's own.
    /// Set once, before any test reads it.
    static let dataHome: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("track-data-\(getpid())").path
        // Not setenv: other tests read the environment on other threads meanwhile.
        UserDataDirectory.pin(dataHome: path)
        return path
    }()

    /// The indicator file with the subjects `evaluate` names declared under `subjects:`: examples name series that
    /// have no value yet (an unreleased model), which a workspace must declare for `validate` to accept them.
    static func declaringSubjects(named evaluate: String, in text: String) -> String {
        guard !text.contains("\nsubjects:"),
            let range = text.range(of: "\nobservations:") ?? (text.hasPrefix("observations:") ? text.range(of: "observations:") : nil)
        else { return text }
        var subjects: [String] = []
        var rest = evaluate[...]
        while let found = rest.range(of: "subject: ") {
            let name = rest[found.upperBound...].prefix { $0.isLetter || $0.isNumber || "-._".contains($0) }
            if !name.isEmpty, !subjects.contains(String(name)) { subjects.append(String(name)) }
            rest = rest[found.upperBound...]
        }
        guard !subjects.isEmpty else { return text }
        let at = text[range].hasPrefix("\n") ? text.index(after: range.lowerBound) : range.lowerBound
        return String(text[..<at]) + "subjects: [" + subjects.joined(separator: ", ") + "]\n" + String(text[at...])
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes a program through a close-on-exec descriptor: tests run in parallel, and a program
    /// another test starts meanwhile must not inherit it (running this file would then fail, ETXTBSY).
    private static func writeExecutable(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else { throw CocoaError(.fileWriteUnknown) }
    }

    /// The loaded workspace and an engine over it; load errors and plugin configuration errors together.
    func engine() -> (engine: EvaluationEngine, diagnostics: [Diagnostic]) {
        let result = WorkspaceLoader.load(root: root)
        let engine = EvaluationEngine(workspace: result.workspace, registry: BuiltInEvaluators.registry)
        return (engine, result.diagnostics + engine.diagnostics)
    }

    /// The forecast's evaluation as of `day`.
    func evaluate(asOf day: String, id: String = "forecast") throws -> Evaluation {
        let (engine, diagnostics) = engine()
        guard diagnostics.isEmpty else { throw DiagnosticsError(diagnostics) }
        guard let prediction = engine.workspace.prediction(id), let asOf = Day(day) else { throw DiagnosticsError([]) }
        return engine.evaluate(prediction, asOf: asOf)
    }
}
