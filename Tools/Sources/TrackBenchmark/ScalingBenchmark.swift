import Foundation
import TrackCore

/// The paths that must not grow faster than n log n, each at three sizes, run as a user runs them: the
/// `track` binary (beside this one, or `--track PATH`, so that an older build can be measured by the
/// same code), in a child process whose CPU time (user + system) and peak resident memory are read
/// from `wait4`. Each line gives the command's CPU time, `validate`'s on the same workspace and their
/// ratio, and the ratio the issue sets a target for; each case ends with the time exponent fitted
/// over its three sizes (the slope of log time against log size, by least squares).
struct ScalingBenchmark {
    /// The `track` binary measured.
    let track: String
    /// Repetitions per measurement; the median is kept. A command slower than `slow` seconds is run once.
    var repetitions = 3
    var slow = 5.0

    /// CPU seconds and peak memory of one run of a child process.
    struct Usage {
        var seconds: Double
        var peakBytes: Int
        var status: Int32
    }

    /// Where the last command's standard error goes, for the message of a command that failed.
    static let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("track-scaling-stderr.txt").path

    /// What the last command wrote to standard error.
    static var lastError: String { (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? "" }

    /// Runs `track arguments` with its output discarded (standard error kept in `errorLog`); its CPU time and peak memory.
    func run(_ arguments: [String]) -> Usage {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, Self.errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Through GNU time when there is one, for the peak memory: a child spawned from this process counts this
        // process's resident set in its own peak (Linux folds the address space it had before exec into it), one
        // spawned from time does not. CPU time comes from wait4 either way (time's own share is a millisecond).
        let timer = "/usr/bin/time"
        let memoryFile = Self.errorLog + ".peak"
        let measuredByTime = FileManager.default.isExecutableFile(atPath: timer)
        let command = (measuredByTime ? [timer, "-f", "%M", "-o", memoryFile] : []) + [track] + arguments
        let argv = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, command[0], &actions, nil, argv, environ) == 0 else { fatalError("cannot run \(track)") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
        let peakKilobytes =
            measuredByTime
            ? (try? String(contentsOfFile: memoryFile, encoding: .utf8)).flatMap {
                Int($0.split(separator: "\n").last { Int($0) != nil } ?? "")
            } ?? 0
            : Int(usage.ru_maxrss)
        return Usage(seconds: seconds, peakBytes: peakKilobytes * 1024, status: (status >> 8) & 0xff)
    }

    /// The median CPU seconds (and the largest peak memory) of `repetitions` runs; `before` runs ahead of each, untimed.
    func measure(_ arguments: [String], before: () -> Void = {}) -> Usage {
        var runs: [Usage] = []
        for _ in 0..<repetitions {
            before()
            runs.append(run(arguments))
            if runs.last!.seconds > slow { break }
        }
        return Usage(
            seconds: median(runs.map(\.seconds)), peakBytes: runs.map(\.peakBytes).max()!, status: runs.map(\.status).max()!)
    }

    /// The slope of log `values` against log `sizes`.
    static func exponent(sizes: [Int], values: [Double]) -> Double {
        let x = sizes.map { log(Double($0)) }
        let y = values.map { log(max($0, 1e-6)) }
        let (meanX, meanY) = (x.reduce(0, +) / Double(x.count), y.reduce(0, +) / Double(y.count))
        let covariance = zip(x, y).map { ($0 - meanX) * ($1 - meanY) }.reduce(0, +)
        return covariance / x.map { ($0 - meanX) * ($0 - meanX) }.reduce(0, +)
    }

    static func line(_ label: String, _ figures: String) -> String {
        "  " + label.padding(toLength: 44, withPad: " ", startingAt: 0) + figures
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

    // MARK: Workspaces

    static func temporaryRoot(_ name: String) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("track-scaling-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/indicators", withIntermediateDirectories: true)
        return root
    }

    static func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// A numeric indicator file of `count` observations in the shipped files' block style; `subject(i)` and
    /// `day(i)` say how they fall.
    static func indicator(count: Int, subject: (Int) -> String?, day: (Int) -> Int) -> String {
        let start = Day(year: 2000, month: 1, day: 1)!
        var text = "name: Generated series\nunit: usd\nbetter: lower\nobservations:\n"
        text.reserveCapacity(count * 110)
        for index in 0..<count {
            text += "  - date: \(start.adding(days: day(index)))\n"
            if let subject = subject(index) { text += "    subject: \(subject)\n" }
            text += "    value: \(Double(index % 9_973) / 97.0 + 1)\n    source: https://example.com/v/\(index)\n"
        }
        return text
    }

    /// `count` threshold forecasts on indicator `s`, naming a subject when `subject` gives one.
    static func forecasts(_ count: Int, indicators: Int = 1, subject: (Int) -> String? = { _ in nil }) -> String {
        var text = "sources:\n  - {id: a, title: A}\npredictions:\n"
        for index in 0..<count {
            let named = subject(index).map { ", subject: \($0)" } ?? ""
            text += """
                  - id: f\(index)
                    statement: S.
                    source: a
                    made: 2000-01-01
                    deadline: 2031-12-31
                    criteria: C.
                    evaluate: {threshold: {indicator: s\(indicators == 1 ? "" : String(index % indicators))\(named), target: \(20 + index % 50)}}

                """
        }
        return text
    }

    // MARK: Cases

    func all() throws {
        emit("Scaling: CPU time (user + system) of the track binary \(track), median of \(repetitions)")
        try subjectForecasts(sizes: [1_000, 2_000, 4_000], observations: 200_000)
        try manySubjects(sizes: [10_000, 20_000, 40_000])
        try importNewSubjects(sizes: [1_000, 2_000, 4_000])
        try importRows(sizes: [25_000, 50_000, 100_000])
        try reportSize(sizes: [250, 500, 1_000], indicators: 50)
        try backfill(runs: [40, 80, 160], forecasts: 500)
        try startUp()
    }

    /// The cases named (subjects, indicators-report, new-subjects, rows, report-size, backfill, start-up).
    func run(cases: [String]) throws {
        emit("Scaling: CPU time (user + system) of the track binary \(track), median of \(repetitions)")
        for name in cases {
            switch name {
            case "subjects": try subjectForecasts(sizes: [1_000, 2_000, 4_000], observations: 200_000)
            case "indicators-report": try manySubjects(sizes: [10_000, 20_000, 40_000])
            case "new-subjects": try importNewSubjects(sizes: [1_000, 2_000, 4_000])
            case "rows": try importRows(sizes: [25_000, 50_000, 100_000])
            case "report-size": try reportSize(sizes: [250, 500, 1_000], indicators: 50)
            case "backfill": try backfill(runs: [40, 80, 160], forecasts: 500)
            case "start-up": try startUp()
            default: emit("unknown case \(name)")
            }
        }
    }

    /// `validate` with forecasts that name a subject, against the same forecasts without one.
    func subjectForecasts(sizes: [Int], observations: Int) throws {
        emit("validate: forecasts naming a subject over \(observations) observations of 50 subjects, against the same without subjects")
        var times: [Double] = []
        for size in sizes {
            let root = try Self.temporaryRoot("subjects")
            defer { try? FileManager.default.removeItem(atPath: root) }
            try Self.write(Self.indicator(count: observations, subject: { "m\($0 % 50)" }, day: { $0 / 50 }), root + "/indicators/s.yaml")
            try Self.write(Self.forecasts(size), root + "/predictions.yaml")
            let plain = measure(["validate", "--workspace", root])
            try Self.write(Self.forecasts(size, subject: { "m\($0 % 50)" }), root + "/predictions.yaml")
            let named = measure(["validate", "--workspace", root])
            precondition(named.status == 0 && plain.status == 0, "validate failed")
            times.append(named.seconds)
            emit(
                Self.line(
                    "\(size) forecasts naming a subject",
                    "\(Self.seconds(named.seconds))  without subjects \(Self.seconds(plain.seconds))  ratio \(String(format: "%.2fx", named.seconds / plain.seconds)) (target 1.5x at 4000)"
                ))
        }
        emit(Self.line("time exponent", String(format: "%.2f (target 1.15)", Self.exponent(sizes: sizes, values: times))))
    }

    /// `indicators` with same-day subjects and `report` with one-off subjects, against `status` and `validate`.
    func manySubjects(sizes: [Int]) throws {
        for (command, shape) in [("indicators", "subjects on one day"), ("report", "one-off subjects")] {
            emit("\(command): \(shape), 100 forecasts, against status and validate of the same workspace")
            var times: [Double] = []
            for size in sizes {
                let root = try Self.temporaryRoot("subjects")
                defer { try? FileManager.default.removeItem(atPath: root) }
                let day: (Int) -> Int = command == "indicators" ? { _ in 0 } : { $0 / 2 }
                try Self.write(Self.indicator(count: size, subject: { "m\($0)" }, day: day), root + "/indicators/s.yaml")
                try Self.write(Self.forecasts(100), root + "/predictions.yaml")
                let asOf = ["--as-of", "2030-06-01"]
                let arguments =
                    command == "indicators"
                    ? ["indicators", "--workspace", root] + asOf
                    : ["report", "--workspace", root, "--output", root + "/report.html"] + asOf
                let measured = measure(arguments)
                let status = measure(["status", "--workspace", root] + asOf)
                let validate = measure(["validate", "--workspace", root])
                precondition(measured.status == 0, "\(command) failed")
                times.append(measured.seconds)
                emit(
                    Self.line(
                        "\(size) subjects",
                        "\(Self.seconds(measured.seconds))  status \(Self.seconds(status.seconds)) ratio \(String(format: "%.2fx", measured.seconds / status.seconds)) (target 2x)"
                            + "  validate \(Self.seconds(validate.seconds)) ratio \(String(format: "%.2fx", measured.seconds / validate.seconds))"
                    ))
            }
            emit(Self.line("time exponent", String(format: "%.2f (target 1.15)", Self.exponent(sizes: sizes, values: times))))
        }
    }

    /// A workspace of indicator `s` (`indicator` its text) and the table `csv`: its root, the import's arguments,
    /// and what puts the indicator file back and forgets the last import before each run.
    static func importWorkspace(indicator: String, csv: String) throws -> (root: String, arguments: [String], reset: () -> Void) {
        let root = try temporaryRoot("import")
        try write(forecasts(10), root + "/predictions.yaml")
        try write(csv, root + "/table.csv")
        let reset = {
            try! write(indicator, root + "/indicators/s.yaml")
            try? FileManager.default.removeItem(atPath: root + "/.track")
        }
        reset()
        let arguments = [
            "import", "s", root + "/table.csv", "--subject", "subject", "--source", "https://example.com/t", "--allow-future",
            "--workspace", root,
        ]
        return (root, arguments, reset)
    }

    /// `import` of k new subjects into an indicator with k subjects, against the same import with `--new-subject`.
    func importNewSubjects(sizes: [Int]) throws {
        emit("import: k new subjects into an indicator of k subjects, against the same with --new-subject")
        var times: [Double] = []
        for size in sizes {
            var csv = "date,subject,value\n"
            for index in 0..<size {
                csv += "\(Day(year: 2000, month: 1, day: 1)!.adding(days: index / 4)),omega-\(index),\(index % 97 + 1)\n"
            }
            let (root, base, reset) = try Self.importWorkspace(
                indicator: Self.indicator(count: size, subject: { "alpha-\($0)" }, day: { $0 / 4 }), csv: csv)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let checked = measure(base, before: reset)
            let allowed = measure(base + ["--new-subject"], before: reset)
            precondition(checked.status == 0 && allowed.status == 0, "import failed: \(Self.lastError)")
            let validate = measure(["validate", "--workspace", root])
            times.append(checked.seconds)
            emit(
                Self.line(
                    "\(size) new subjects",
                    "\(Self.seconds(checked.seconds))  --new-subject \(Self.seconds(allowed.seconds)) ratio \(String(format: "%.2fx", checked.seconds / allowed.seconds)) (target 2x)"
                        + "  validate \(Self.seconds(validate.seconds)) ratio \(String(format: "%.2fx", checked.seconds / validate.seconds))"
                ))
        }
        emit(Self.line("time exponent", String(format: "%.2f (target 1.15)", Self.exponent(sizes: sizes, values: times))))
    }

    /// `import` of n rows into an indicator of 2n observations, against `validate` of the result; its peak
    /// memory against the input (table and indicator file); importing the same table again.
    func importRows(sizes: [Int]) throws {
        emit("import: n rows (two new subjects, spread over the file's days) into 2n observations, against validate of the result")
        var times: [Double] = []
        for size in sizes {
            let original = Self.indicator(count: 2 * size, subject: { "model-\($0 % 4)" }, day: { $0 / 4 })
            var csv = "date,subject,value\n"
            for index in 0..<size {
                csv +=
                    "\(Day(year: 2000, month: 1, day: 1)!.adding(days: index / 2)), model-\(4 + index % 2) ,\(Double(index % 997) / 7.0 + 1)\n"
            }
            let (root, arguments, reset) = try Self.importWorkspace(indicator: original, csv: csv)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let imported = measure(arguments, before: reset)
            precondition(imported.status == 0, "import failed with status \(imported.status): \(Self.lastError)")
            let validate = measure(["validate", "--workspace", root])
            let again = measure(arguments)
            let input = original.utf8.count + csv.utf8.count
            times.append(imported.seconds)
            emit(
                Self.line(
                    "\(size) rows",
                    "\(Self.seconds(imported.seconds))  validate \(Self.seconds(validate.seconds)) ratio \(String(format: "%.2fx", imported.seconds / validate.seconds)) (target 2x)"
                ))
            emit(
                Self.line(
                    "  peak memory",
                    String(
                        format: "%.0f MB for %.1f MB of input: %.1fx (target 5x); again, nothing new: %@ (%.2fx the import)",
                        Double(imported.peakBytes) / 1e6, Double(input) / 1e6, Double(imported.peakBytes) / Double(input),
                        Self.seconds(again.seconds), again.seconds / imported.seconds)))
        }
        emit(Self.line("time exponent", String(format: "%.2f (target 1.15)", Self.exponent(sizes: sizes, values: times))))
    }

    /// The HTML report's size and time for forecasts spread over `indicators` indicators of 2,000 observations of 4 subjects.
    func reportSize(sizes: [Int], indicators: Int) throws {
        emit("report: forecasts over \(indicators) indicators of 2000 observations (4 subjects), against validate")
        var times: [Double] = []
        for size in sizes {
            let root = try Self.temporaryRoot("report")
            defer { try? FileManager.default.removeItem(atPath: root) }
            for index in 0..<indicators {
                try Self.write(
                    Self.indicator(count: 2_000, subject: { "model-\(($0 + index) % 4)" }, day: { $0 / 2 }),
                    root + "/indicators/s\(index).yaml")
            }
            try Self.write(
                Self.forecasts(size, indicators: indicators, subject: { $0 % 3 == 0 ? "model-\($0 % 4)" : nil }), root + "/predictions.yaml"
            )
            let output = root + "/report.html"
            let report = measure(["report", "--workspace", root, "--output", output, "--as-of", "2030-06-01"])
            precondition(report.status == 0, "report failed")
            let validate = measure(["validate", "--workspace", root])
            let bytes = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            times.append(report.seconds)
            emit(
                Self.line(
                    "\(size) forecasts",
                    String(
                        format: "%.1f MB (target 10 MB at 1000), %.1f KB per forecast  ", Double(bytes) / 1e6,
                        Double(bytes) / 1e3 / Double(size))
                        + "\(Self.seconds(report.seconds))  validate \(Self.seconds(validate.seconds)) ratio \(String(format: "%.2fx", report.seconds / validate.seconds))"
                ))
        }
        emit(Self.line("time exponent", String(format: "%.2f (target 1.15)", Self.exponent(sizes: sizes, values: times))))
    }

    /// `evaluate --backfill` over more and more weekly runs, and the index rebuilt from them: peak memory.
    func backfill(runs sizes: [Int], forecasts: Int) throws {
        emit("backfill: \(forecasts) forecasts over 20 indicators, weekly runs; peak memory, and the index rebuilt (history f0)")
        var backfillPeaks: [Double] = []
        var rebuildPeaks: [Double] = []
        var times: [Double] = []
        for size in sizes {
            let root = try Self.temporaryRoot("backfill")
            defer { try? FileManager.default.removeItem(atPath: root) }
            for index in 0..<20 {
                try Self.write(Self.indicator(count: 1_000, subject: { _ in nil }, day: { $0 * 7 }), root + "/indicators/s\(index).yaml")
            }
            try Self.write(Self.forecasts(forecasts, indicators: 20), root + "/predictions.yaml")
            let start = Day(year: 2000, month: 1, day: 1)!
            let end = start.adding(days: 7 * (size - 1))
            let arguments = ["evaluate", "--workspace", root, "--backfill", "--from", "\(start)", "--every", "1w", "--as-of", "\(end)"]
            let backfill = measure(arguments)
            precondition(backfill.status == 0, "backfill failed")
            let validate = measure(["validate", "--workspace", root])
            let rebuild = measure(["history", "f0", "--workspace", root]) {
                try? FileManager.default.removeItem(atPath: root + "/.track")
            }
            backfillPeaks.append(Double(backfill.peakBytes))
            rebuildPeaks.append(Double(rebuild.peakBytes))
            times.append(backfill.seconds)
            emit(
                Self.line(
                    "\(size) runs",
                    String(
                        format: "%@  peak %.0f MB (validate %.0f MB)  rebuild %@ peak %.0f MB", Self.seconds(backfill.seconds),
                        Double(backfill.peakBytes) / 1e6, Double(validate.peakBytes) / 1e6, Self.seconds(rebuild.seconds),
                        Double(rebuild.peakBytes) / 1e6)))
        }
        emit(
            Self.line(
                "memory exponent (target flat, ~0)",
                String(
                    format: "backfill %.2f, rebuild %.2f; time exponent %.2f", Self.exponent(sizes: sizes, values: backfillPeaks),
                    Self.exponent(sizes: sizes, values: rebuildPeaks), Self.exponent(sizes: sizes, values: times))))
    }

    /// `status` on the shipped workspace against `--version`, the process start alone.
    func startUp() throws {
        let shipped = FileManager.default.currentDirectoryPath
        guard FileManager.default.fileExists(atPath: shipped + "/predictions.yaml") else {
            emit("status on the shipped workspace: run from the repository's root to measure it")
            return
        }
        var quick = self
        quick.repetitions = 15
        let version = quick.measure(["--version"])
        let status = quick.measure(["status", "--workspace", shipped, "--as-of", "2026-07-01"])
        emit("start-up: status on the shipped workspace against --version (median of 15)")
        emit(
            Self.line(
                "status / --version",
                "\(Self.seconds(status.seconds)) / \(Self.seconds(version.seconds))  ratio \(String(format: "%.2fx", status.seconds / version.seconds)) (target 1.5x)"
                    + String(format: "  peak memory %.0f MB / %.0f MB", Double(status.peakBytes) / 1e6, Double(version.peakBytes) / 1e6)))
    }
}

/// Writes a line at once (unbuffered), so that a long run shows its figures as they come.
private func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
