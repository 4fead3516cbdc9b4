// Loader benchmark: a bare libyaml event loop against track's loader (parse + typed model + checks),
// on the same bytes in the same run; the loader's peak memory (in a child process) against the file's size;
// 40,000 observations on one day against ordinary ones (the duplicate check); `track record` into the
// 200,000-observation file against `track validate` of it; `track history ID` as the indicator grows; then track import against record in a loop (2,000 rows);
// then the scaling cases (ScalingBenchmark). Run with: swift run -c release TrackBenchmark [observations ...]
// (default 50000 200000 800000), or TrackBenchmark scaling [CASE ...] [--track PATH] for the scaling cases alone.
import CYAML
import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// A workspace whose one indicator has `count` observations, in the shipped files' style.
func makeWorkspace(observations count: Int, oneDay: Bool = false) throws -> (root: String, indicatorBytes: [UInt8]) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
        "track-bench-\(ProcessInfo.processInfo.processIdentifier)-\(count)-\(oneDay)"
    ).path
    try FileManager.default.createDirectory(atPath: root + "/indicators", withIntermediateDirectories: true)
    try """
    sources:
      - {id: bench, title: Benchmark}
    predictions: []

    """.write(toFile: root + "/predictions.yaml", atomically: true, encoding: .utf8)
    var text = "id: bench-series\nname: Generated series\nunit: usd_per_mtok\nkind: numeric\nbetter: lower\nobservations:\n"
    text.reserveCapacity(count * 140)
    var day = Day(year: 2000, month: 1, day: 1)!
    for index in 0..<count {
        if index % 4 == 0, !oneDay { day = day.adding(days: 1) }
        text += """
              - date: \(day)
                subject: model-\(oneDay ? index : index % 4)
                value: \(Double(index % 9_973) / 97.0)
                source: https://example.com/prices/\(index)
                note: generated observation \(index)

            """
    }
    try text.write(toFile: root + "/indicators/bench-series.yaml", atomically: true, encoding: .utf8)
    return (root, Array(text.utf8))
}

/// Parses every event of `bytes` with libyaml and deletes it, doing nothing else: the floor for any loader.
func bareEventLoop(_ bytes: [UInt8]) -> Int {
    var parser = yaml_parser_t()
    yaml_parser_initialize(&parser)
    defer { yaml_parser_delete(&parser) }
    var events = 0
    bytes.withUnsafeBufferPointer { buffer in
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { fatalError("benchmark input does not parse") }
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            events += 1
            if done { break }
        }
    }
    return events
}

/// Wall-clock seconds of one run of `body`. What `body` returns is freed after the clock stops:
/// loading is measured, not tearing down.
func time<Result>(_ body: () -> Result) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    withExtendedLifetime(result) {}
    return seconds
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// Kilobytes of a field of /proc/self/status (VmRSS, VmHWM).
func statusKilobytes(_ field: String) -> Int {
    let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = text.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

// Child mode: load the workspace once and print how much the resident set grew at its peak, in kB.
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--peak-memory" {
    let before = statusKilobytes("VmRSS")
    let result = WorkspaceLoader.load(root: CommandLine.arguments[2])
    let peak = statusKilobytes("VmHWM")
    withExtendedLifetime(result) {}
    print(peak - before)
    exit(0)
}

/// The loader's peak memory growth in bytes, measured in a fresh process.
func peakLoadBytes(root: String) throws -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["--peak-memory", root]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (Int(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) * 1024
}

func row(_ name: String, _ times: [Double], against bare: [Double]) -> String {
    let ratios = zip(times, bare).map { $0 / $1 }
    return "  " + name.padding(toLength: 40, withPad: " ", startingAt: 0)
        + String(format: "median %.3f s  best %.3f s  ratio %.2fx", median(times), times.min()!, median(ratios))
}

// `TrackBenchmark scaling [--track PATH]`: only the scaling cases, of the binary beside this one or of PATH
// (an older build measured by the same code).
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "scaling" {
    let arguments = Array(CommandLine.arguments.dropFirst(2))
    let binary =
        arguments.firstIndex(of: "--track").map { arguments[$0 + 1] }
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("track").path
    let cases = arguments.filter { !$0.hasPrefix("--") && $0 != binary }
    let benchmark = ScalingBenchmark(track: binary)
    if cases.isEmpty { try benchmark.all() } else { try benchmark.run(cases: cases) }
    exit(0)
}

let counts = CommandLine.arguments.dropFirst().compactMap { Int($0) }
for observationCount in counts.isEmpty ? [50_000, 200_000, 800_000] : counts {
    let repetitions = observationCount >= 800_000 ? 5 : observationCount >= 200_000 ? 7 : 9
    let (root, bytes) = try makeWorkspace(observations: observationCount)
    defer { try? FileManager.default.removeItem(atPath: root) }
    let indicatorPath = root + "/indicators/bench-series.yaml"

    let check = WorkspaceLoader.load(root: root)
    precondition(check.errors.isEmpty, "benchmark workspace has errors: \(check.errors.prefix(3))")
    precondition(check.workspace.indicators[0].observations.count == observationCount)
    let events = bareEventLoop(bytes)

    // Run in turn within each repetition, so that a noisy neighbour slows all alike; ratios are taken
    // within a repetition, then the median over repetitions is reported.
    var bare: [Double] = []
    var tree: [Double] = []
    var loader: [Double] = []
    for _ in 0..<repetitions {
        bare.append(time { bareEventLoop(bytes) })
        tree.append(time { try! YAMLParser.parse(fileAt: indicatorPath) })
        loader.append(time { WorkspaceLoader.load(root: root) })
    }
    print("\(observationCount) observations, \(bytes.count / 1_000_000) MB, \(events) libyaml events; \(repetitions) repetitions")
    print(row("bare libyaml event loop", bare, against: bare))
    print(row("YAML document (read + parse + tree)", tree, against: bare))
    print(row("track loader (+ typed model, checks)", loader, against: bare))
    let peak = try peakLoadBytes(root: root)
    print(
        String(
            format: "  loader peak memory growth %.1f MB for a %.1f MB file: %.2fx the YAML bytes (target 3x)",
            Double(peak) / 1e6, Double(bytes.count) / 1e6, Double(peak) / Double(bytes.count)))
}
print("target: loader within 1.3x of the bare loop")

// 40,000 observations on one day, each of its own subject, against 40,000 of four subjects spread over
// days: the checks across observations must not care.
do {
    let (spread, _) = try makeWorkspace(observations: 40_000)
    let (sameDay, _) = try makeWorkspace(observations: 40_000, oneDay: true)
    defer {
        try? FileManager.default.removeItem(atPath: spread)
        try? FileManager.default.removeItem(atPath: sameDay)
    }
    var ordinary: [Double] = []
    var crowded: [Double] = []
    for _ in 0..<7 {
        ordinary.append(time { WorkspaceLoader.load(root: spread) })
        crowded.append(time { WorkspaceLoader.load(root: sameDay) })
    }
    print("40000 observations of 40000 subjects on one day against 40000 of 4 subjects over 10000 days")
    print(row("loader, one day (target 1.5x)", crowded, against: ordinary))
}

try recordBenchmark(observations: 200_000)
print("target: record within 1.5x of validate")
try historyBenchmark(observations: [10_000, 200_000, 800_000])
try importBenchmark(rows: 2_000)
try evaluationScaleBenchmark()
try ScalingBenchmark(
    track: URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("track").path
).all()
