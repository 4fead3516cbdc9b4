// Loader benchmark: a bare libyaml event loop against track's loader (parse + typed model + checks),
// on the same bytes in the same run; then track import against record in a loop.
// Run with: swift run -c release TrackBenchmark [observations] [import-rows]
import CYAML
import Foundation
import Tracker

let observationCount = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 200_000
let repetitions = 9

/// A workspace whose one indicator has `count` observations, in the shipped files' style.
func makeWorkspace(observations count: Int) throws -> (root: String, indicatorBytes: [UInt8]) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("track-bench-\(ProcessInfo.processInfo.processIdentifier)").path
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
        if index % 4 == 0 { day = day.adding(days: 1) }
        text += """
              - date: \(day)
                subject: model-\(index % 4)
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

let (root, bytes) = try makeWorkspace(observations: observationCount)
defer { try? FileManager.default.removeItem(atPath: root) }
let indicatorPath = root + "/indicators/bench-series.yaml"

let check = WorkspaceLoader.load(root: root)
precondition(check.errors.isEmpty, "benchmark workspace has errors: \(check.errors.prefix(3))")
precondition(check.workspace.indicators[0].observations.count == observationCount)
let events = bareEventLoop(bytes)

// The three are run in turn within each repetition, so that a noisy neighbour slows all of them alike;
// ratios are taken within a repetition, then the median over repetitions is reported.
var bare: [Double] = [], tree: [Double] = [], loader: [Double] = []
for _ in 0..<repetitions {
    bare.append(time { bareEventLoop(bytes) })
    tree.append(time { try! YAMLParser.parse(fileAt: indicatorPath) })
    loader.append(time { WorkspaceLoader.load(root: root) })
}

func row(_ name: String, _ times: [Double], against bare: [Double]) -> String {
    let ratios = zip(times, bare).map { $0 / $1 }
    return name.padding(toLength: 38, withPad: " ", startingAt: 0)
        + String(format: "median %.3f s  best %.3f s  ratio to bare loop %.2fx", median(times), times.min()!, median(ratios))
}

print("input: \(observationCount) observations, \(bytes.count / 1_000_000) MB, \(events) libyaml events; \(repetitions) repetitions")
print(row("bare libyaml event loop", bare, against: bare))
print(row("YAML document (read + parse + tree)", tree, against: bare))
print(row("track loader (+ typed model, checks)", loader, against: bare))
print("target: track loader within 1.5x of the bare loop")

var usage = rusage()
getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
print("peak memory (RSS) of this process: \(usage.ru_maxrss / 1024) MB for a \(bytes.count / 1_000_000) MB file")

try importBenchmark(rows: CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? 2_000)
try evaluationScaleBenchmark()
