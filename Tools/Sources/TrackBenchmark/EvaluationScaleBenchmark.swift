import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// Evaluation at scale: `track status` against `track validate` on the same workspace (the release
/// binary beside this one, run as a user runs it), and crowded shapes of data (one-off subjects,
/// one day) against the same number of ordinary observations, in process.
func evaluationScaleBenchmark() throws {
    /// A workspace of `indicators` series of `perIndicator` daily observations (`shape` says how the
    /// subjects and days fall) and `forecasts` threshold forecasts spread over them.
    func workspace(indicators: Int, perIndicator: Int, forecasts: Int, shape: String = "ordinary") throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("track-scale-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/indicators", withIntermediateDirectories: true)
        let start = Day(year: 2000, month: 1, day: 1)!
        var generator = SeededGenerator(seed: 3)
        for index in 0..<indicators {
            var text = "name: Series \(index)\nunit: usd\nbetter: lower\nobservations:\n"
            var value = 100.0
            for day in 0..<perIndicator {
                value *= exp(0.01 * generator.normal() - 0.001)
                let (date, subject): (Day, String) =
                    switch shape {
                    case "one-off subjects": (start.adding(days: day / 2), ", subject: m\(day)")
                    case "one day": (start, ", subject: m\(day)")
                    case "four subjects": (start.adding(days: day / 4), ", subject: m\(day % 4)")
                    default: (start.adding(days: day), "")
                    }
                text += "  - {date: \(date)\(subject), value: \(String(format: "%.5g", value)), source: s}\n"
            }
            try text.write(toFile: root + "/indicators/s\(index).yaml", atomically: false, encoding: .utf8)
        }
        var predictions = "sources:\n  - {id: a, title: A}\npredictions:\n"
        for index in 0..<forecasts {
            predictions += """
                  - id: f\(index)
                    statement: S.
                    source: a
                    made: 2030-01-01
                    deadline: 2031-12-31
                    criteria: C.
                    evaluate: {threshold: {indicator: s\(index % indicators), target: \(20 + index % 50)}}

                """
        }
        try predictions.write(toFile: root + "/predictions.yaml", atomically: false, encoding: .utf8)
        return root
    }

    func validate(_ root: String) -> Int {
        let loaded = WorkspaceLoader.load(root: root)
        return EvaluationEngine(workspace: loaded.workspace, registry: BuiltInEvaluators.registry).diagnostics.count
    }

    func status(_ root: String) -> Int {
        let loaded = WorkspaceLoader.load(root: root)
        let engine = EvaluationEngine(workspace: loaded.workspace, registry: BuiltInEvaluators.registry)
        return engine.evaluateAll(asOf: Day(year: 2030, month: 6, day: 1)!).count
    }

    /// Runs the `track` binary built beside this benchmark, its output discarded.
    func command(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("track")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    let large = try workspace(indicators: 1000, perIndicator: 1000, forecasts: 10_000)
    defer { try? FileManager.default.removeItem(atPath: large) }
    print("10000 forecasts over 1000000 observations")
    if command(["--version"]) == 0 {
        var validated: [Double] = []
        var evaluated: [Double] = []
        for _ in 0..<3 {
            validated.append(time { command(["validate", "--workspace", large]) })
            evaluated.append(time { command(["status", "--workspace", large, "--as-of", "2030-06-01"]) })
        }
        print(row("track status / validate (target 2x)", evaluated, against: validated))
    } else {
        print("  (build track in release too, swift build -c release, to time the commands)")
    }
    var loaded: [Double] = []
    var evaluatedInProcess: [Double] = []
    for _ in 0..<3 {
        loaded.append(time { validate(large) })
        evaluatedInProcess.append(time { status(large) })
    }
    print(row("in process: evaluate / load and build", evaluatedInProcess, against: loaded))

    // Ordinary: four subjects (models) observed over 10,000 days, as a benchmark series is.
    let ordinary = try workspace(indicators: 1, perIndicator: 40_000, forecasts: 100, shape: "four subjects")
    defer { try? FileManager.default.removeItem(atPath: ordinary) }
    for shape in ["one-off subjects", "one day"] {
        let crowded = try workspace(indicators: 1, perIndicator: 40_000, forecasts: 100, shape: shape)
        defer { try? FileManager.default.removeItem(atPath: crowded) }
        var plain: [Double] = []
        var odd: [Double] = []
        var plainStatus: [Double] = []
        var oddStatus: [Double] = []
        for _ in 0..<5 {
            plain.append(time { validate(ordinary) })
            odd.append(time { validate(crowded) })
            plainStatus.append(time { status(ordinary) })
            oddStatus.append(time { status(crowded) })
        }
        print("40000 observations, \(shape), against 40000 of four subjects over 10000 days")
        print(row("validate (target 1.5x)", odd, against: plain))
        print(row("status (target 1.5x)", oddStatus, against: plainStatus))
    }
}
