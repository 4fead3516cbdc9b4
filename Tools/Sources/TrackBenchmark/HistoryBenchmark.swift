import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// `track history ID` on workspaces whose one indicator holds more and more observations (and the same
/// 24 backtests of one forecast): what `HistoryCommand` does in process (the forecasts read, the index
/// brought up to date with history/, the forecast's rows read), and the release `track` binary beside
/// this one when it is built, against the smallest workspace and against `validate` of the same one.
func historyBenchmark(observations counts: [Int]) throws {
    /// Runs the `track` binary built beside this benchmark, its output discarded; nil when it is not built.
    func command(_ arguments: [String]) -> Int32? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("track")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// What `track history f` does once the workspace is found, without printing.
    func history(_ root: String) -> Int {
        let loaded = WorkspaceLoader.loadForecasts(root: root)
        precondition(loaded.errors.isEmpty && loaded.workspace.indicators.isEmpty)
        let store = try! HistoryStore(path: loaded.workspace.historyPath, within: root)
        try! store.synchronize(with: HistoryArchive(workspaceRoot: root))
        return try! store.history(of: "f").count
    }

    let hasBinary = command(["--version"]) == 0
    var inProcess: [(count: Int, seconds: [Double], validate: [Double])] = []
    var binary: [(count: Int, seconds: [Double])] = []
    for count in counts {
        let (root, _) = try makeWorkspace(observations: count)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try """
        sources:
          - {id: bench, title: Benchmark}
        predictions:
          - id: f
            statement: The price falls below 0.5.
            source: bench
            made: 2000-01-01
            deadline: 2100-12-31
            criteria: Yes if it does.
            evaluate: {threshold: {indicator: bench-series, subject: model-1, target: 0.5}}

        """.write(toFile: root + "/predictions.yaml", atomically: true, encoding: .utf8)
        // The same history in each workspace: 24 monthly backtests.
        let engine = EvaluationEngine(workspace: WorkspaceLoader.load(root: root).workspace, registry: BuiltInEvaluators.registry)
        let store = try HistoryStore(path: engine.workspace.historyPath, within: root)
        try Backfill.run(
            engine: engine, archive: HistoryArchive(workspaceRoot: root), store: store, from: Day(year: 2000, month: 1, day: 31)!,
            through: Day(year: 2001, month: 12, day: 31)!, every: Period(count: 1, unit: .month), gitCommit: nil, dirty: nil,
            trackVersion: "bench")
        precondition(history(root) == 24)
        var seconds: [Double] = []
        var validate: [Double] = []
        var commandSeconds: [Double] = []
        for _ in 0..<5 {
            seconds.append(time { history(root) })
            validate.append(time { WorkspaceLoader.load(root: root) })
            if hasBinary { commandSeconds.append(time { command(["history", "f", "--workspace", root]) }) }
        }
        inProcess.append((count, seconds, validate))
        if hasBinary { binary.append((count, commandSeconds)) }
    }
    print("track history ID (24 rows) as the indicator grows; ratios against the smallest workspace")
    for (count, seconds, validate) in inProcess {
        print(
            row("in process, \(count) observations", seconds, against: inProcess[0].seconds)
                + String(format: "  (validate of it: %.3f s)", median(validate)))
    }
    for (count, seconds) in binary {
        print(row("track history, \(count) observations", seconds, against: binary[0].seconds))
    }
    if !hasBinary { print("  (build track in release too, swift build -c release, to time the command)") }
}
