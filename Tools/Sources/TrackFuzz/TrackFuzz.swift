// Seeded mutation fuzzer over track's YAML reader, file readers, loader and engine. Run it through
// scripts/fuzz.sh SECONDS, or: swift run --package-path Tools -c release TrackFuzz --seconds 60 --seed 1 --out fuzz-findings
//
// Each execution takes a seed file (the shipped workspace's YAML files and the bad-input corpus), applies
// one to four mutations drawn from a seeded generator, and feeds the result to the YAML parser and the file's
// reader in memory (and to `record`'s edit, for indicator files); every 16th execution also writes it into a scratch copy of the workspace and runs the
// whole loader, the plugin configuration and an evaluation of every forecast. A crash (any fatal signal)
// or a hang (one execution over 10 s) leaves the input in the output folder and ends the run with exit 70.
import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// Where a seed file sits in a workspace, which decides the reader it goes through.
enum Role {
    case predictions
    case indicator(String)
    case catalog(String)
    case settings
}

/// The input being run, for the signal handler and the watchdog (written before each execution).
enum Capture {
    nonisolated(unsafe) static var input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 22)
    nonisolated(unsafe) static var length = 0
    nonisolated(unsafe) static var crashPath: UnsafeMutablePointer<CChar>? = nil
    nonisolated(unsafe) static var hangPath: UnsafeMutablePointer<CChar>? = nil
    nonisolated(unsafe) static var executions = 0

    static func save(to path: UnsafeMutablePointer<CChar>?) {
        guard let path else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return }
        _ = write(descriptor, input.baseAddress, length)
        close(descriptor)
    }
}

@main
enum TrackFuzz {
    static func main() throws {

        // MARK: - Options

        var seconds = 60.0
        var seed: UInt64 = 1
        var outputFolder = "fuzz-findings"
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--seconds": seconds = arguments.next().flatMap(Double.init) ?? seconds
            case "--seed": seed = arguments.next().flatMap { UInt64($0) } ?? seed
            case "--out": outputFolder = arguments.next() ?? outputFolder
            default:
                FileHandle.standardError.write(Data("usage: TrackFuzz [--seconds S] [--seed N] [--out DIR]\n".utf8))
                exit(64)
            }
        }

        // MARK: - Seeds

        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .path
        var seeds: [(role: Role, bytes: [UInt8])] = []
        func addSeed(_ path: String, _ role: Role) {
            if let data = FileManager.default.contents(atPath: path) { seeds.append((role, Array(data))) }
        }
        addSeed(repository + "/predictions.yaml", .predictions)
        addSeed(repository + "/track.yaml", .settings)
        for folder in ["indicators", "catalog"] {
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: repository + "/" + folder)) ?? []).sorted()
            where name.hasSuffix(".yaml") {
                let id = String(name.dropLast(5))
                addSeed(repository + "/\(folder)/" + name, folder == "indicators" ? .indicator(id) : .catalog(name))
            }
        }
        let corpus = repository + "/Tests/Fixtures/invalid"
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []).sorted() where name.hasSuffix(".yaml") {
            let role: Role =
                name.contains(".predictions.")
                ? .predictions
                : name.contains(".settings.")
                    ? .settings
                    : name.contains(".catalog.") ? .catalog("models.yaml") : .indicator("deepseek-api-output-price")
            addSeed(corpus + "/" + name, role)
        }
        guard !seeds.isEmpty else { fatalError("no seed files under \(repository)") }

        /// Tokens that matter to YAML, to dates and numbers, and to terminals.
        let dictionary: [[UInt8]] = [
            "&a ", "*a", "<<: *a", "---\n", "...\n", "[", "]", "{", "}", ": ", "- ", "\t", "!!str ", "!!int ", "!!binary ", "~", "null",
            ".nan", ".inf", "-.inf", "1e400", "1e20", "-1e20", "1e-320", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809",
            "0x7fffffffffffffff", "0o777", "2025-02-30", "2024-02-29", "0000-01-01", "9999-12-31", "99999-01-01", "2027-Q5", "2027-Q0",
            "yes",
            "\u{1B}]0;x\u{07}", "\u{FEFF}", "\r\n", "? ", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", " #", "'", "\"\\u0000\"", "\"\\xff\"",
            "exec: {program: x}", "all: []", "not: {}", "timeout: 1e308", "memory-gb: 1e20", "stale-after-days: 9223372036854775807",
            "probability: -0", "deadline: 2027-Q3", "kind: state", "states: []", "observations: []", "subject: ", "value: ", "date: ",
        ].map { Array($0.utf8) }
        let interestingBytes: [UInt8] = [
            0x00, 0xFF, 0x1B, 0x07, 0x09, 0x0A, 0x0D, 0x3A, 0x2D, 0x5B, 0x7B, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x22, 0x27, 0x23, 0x25, 0xC3,
            0x80, 0xEF, 0xBB, 0xBF, 0x20,
        ]

        func mutate(_ input: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
            var bytes = input
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<9, using: &generator) {
                case 0 where !bytes.isEmpty: bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                case 1 where !bytes.isEmpty: bytes[position] = interestingBytes.randomElement(using: &generator)!
                case 2: bytes.insert(contentsOf: dictionary.randomElement(using: &generator)!, at: position)
                case 3 where !bytes.isEmpty:
                    let end = min(bytes.count, position + Int.random(in: 1...64, using: &generator))
                    bytes.removeSubrange(position..<end)
                case 4 where !bytes.isEmpty:
                    let end = min(bytes.count, position + Int.random(in: 1...256, using: &generator))
                    let slice = Array(bytes[position..<end])
                    bytes.insert(contentsOf: slice, at: Int.random(in: 0...bytes.count, using: &generator))
                case 5:
                    // A line of another seed, spliced in at a line start.
                    let other = seeds.randomElement(using: &generator)!.bytes
                    let lines = other.split(separator: 0x0A, omittingEmptySubsequences: false)
                    let line = Array(lines.randomElement(using: &generator) ?? []) + [0x0A]
                    let start = bytes[..<position].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                    bytes.insert(contentsOf: line, at: start)
                case 6:
                    // A number replaced by an extreme one.
                    if let digit = bytes[position...].firstIndex(where: { (0x30...0x39).contains($0) }) {
                        let end = bytes[digit...].firstIndex { !(0x30...0x39).contains($0) && $0 != 0x2E } ?? bytes.count
                        let numbers = [
                            "0", "-1", "1e308", "1e400", "9223372036854775807", "18446744073709551616", "0.0000001", "-0", "4294967296",
                        ]
                        bytes.replaceSubrange(digit..<end, with: Array(numbers.randomElement(using: &generator)!.utf8))
                    }
                case 7:
                    // Indentation changed at a line start.
                    let start = bytes[..<position].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                    if Bool.random(using: &generator) {
                        bytes.insert(contentsOf: [0x20, 0x20], at: start)
                    } else if start < bytes.count, bytes[start] == 0x20 {
                        bytes.remove(at: start)
                    }
                default:
                    bytes = Array(bytes.prefix(position))
                }
            }
            return bytes
        }

        // MARK: - Crash and hang capture

        try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        let absoluteOut = URL(fileURLWithPath: outputFolder).standardizedFileURL.path
        let progressPath = absoluteOut + "/progress-seed\(seed)"
        Capture.crashPath = strdup(absoluteOut + "/crash-seed\(seed).yaml")
        Capture.hangPath = strdup(absoluteOut + "/hang-seed\(seed).yaml")
        for fatal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            signal(fatal) { number in
                Capture.save(to: Capture.crashPath)
                let message = "TrackFuzz: fatal signal \(number); input saved\n"
                _ = message.withCString { write(2, $0, strlen($0)) }
                signal(number, SIG_DFL)
                raise(number)
            }
        }
        Thread.detachNewThread {
            var last = -1
            var still = 0
            while true {
                sleep(1)
                let now = Capture.executions
                still = now == last ? still + 1 : 0
                last = now
                if still >= 10 {
                    Capture.save(to: Capture.hangPath)
                    FileHandle.standardError.write(Data("TrackFuzz: an execution ran over 10 s; input saved\n".utf8))
                    _exit(70)
                }
            }
        }

        // MARK: - The scratch workspace

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("track-fuzz-\(getpid())").path
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        for item in ["predictions.yaml", "track.yaml", "indicators", "catalog"] {
            try FileManager.default.copyItem(atPath: repository + "/" + item, toPath: scratch + "/" + item)
        }
        setenv("XDG_DATA_HOME", scratch + "/.data", 1)  // no trust, no ledger of the user's touched
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        func path(of role: Role) -> String {
            switch role {
            case .predictions: scratch + "/predictions.yaml"
            case .settings: scratch + "/track.yaml"
            case .indicator(let id): scratch + "/indicators/\(id).yaml"
            case .catalog(let name): scratch + "/catalog/\(name)"
            }
        }

        let asOf = Day("2027-01-01")!
        var messages = Set<String>()

        /// One execution: the reader in memory, and every 16th time the whole workspace.
        func run(_ bytes: [UInt8], role: Role, whole: Bool) {
            Capture.length = min(bytes.count, Capture.input.count)
            _ = Capture.input.initialize(from: bytes.prefix(Capture.length))
            let file = path(of: role)
            do {
                _ = try YAMLParser.parse(bytes, file: file)
            } catch {
                for diagnostic in error.diagnostics { messages.insert(String(diagnostic.message.prefix(40))) }
            }
            if case .indicator(let id) = role {
                let text = String(decoding: bytes, as: UTF8.self)
                for diagnostic in IndicatorReader.check(text, file: file, id: id).1 {
                    messages.insert(String(diagnostic.message.prefix(40)))
                }
                // What `track record` does with the file's text.
                let entry = IndicatorEditor.Entry(date: asOf, subject: "fuzz", value: "1.5", source: "https://example.com/fuzz", note: "n")
                do {
                    _ = try IndicatorEditor.append(entry, to: text, file: file, indicatorID: id)
                } catch {
                    for diagnostic in error.diagnostics { messages.insert(String(diagnostic.message.prefix(40))) }
                }
            }
            guard whole else { return }
            let original = FileManager.default.contents(atPath: file)
            _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
            defer { _ = FileManager.default.createFile(atPath: file, contents: original) }
            let result = WorkspaceLoader.load(root: scratch)
            let engine = EvaluationEngine(workspace: result.workspace, registry: BuiltInEvaluators.registry)
            var renderer = DiagnosticRenderer()
            for diagnostic in result.diagnostics + engine.diagnostics {
                messages.insert(String(diagnostic.message.prefix(40)))
                _ = TerminalText.escaped(renderer.render(diagnostic))
            }
            for evaluation in engine.evaluateAll(asOf: asOf) { _ = TerminalText.escaped(evaluation.summary) }
        }

        // MARK: - The loop

        var generator = SeededGenerator(seed: seed)
        let started = Date()
        var whole = 0
        while Date().timeIntervalSince(started) < seconds {
            for _ in 0..<64 {
                let chosen = seeds.randomElement(using: &generator)!
                let mutant = mutate(chosen.bytes, using: &generator)
                let isWhole = Capture.executions % 16 == 0
                run(mutant, role: chosen.role, whole: isWhole)
                if isWhole { whole += 1 }
                Capture.executions += 1
            }
            // The count so far, for scripts/fuzz.sh to add up when a finding ends the run.
            try? "\(Capture.executions)\n".write(toFile: progressPath, atomically: false, encoding: .utf8)
        }
        let elapsed = Date().timeIntervalSince(started)
        print(
            "TrackFuzz seed \(seed): \(Capture.executions) executions (\(whole) through the whole workspace) in \(String(format: "%.0f", elapsed)) s, "
                + "\(Int(Double(Capture.executions) / elapsed))/s, \(seeds.count) seed files, \(messages.count) distinct diagnostics, no crash, no hang"
        )

    }
}
