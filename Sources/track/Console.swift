import ArgumentParser
import Foundation
import TrackCore
import Tracker

/// Where the CLI writes, and how: colour on terminals only, diagnostics on standard error.
enum Console {
    /// Today: the machine's day, or `TRACK_TODAY` (YYYY-MM-DD) when set, for reproducible runs and tests.
    static var today: Day {
        ProcessInfo.processInfo.environment["TRACK_TODAY"].flatMap { Day($0) } ?? Day.today()
    }

    /// The environment variable `--color` sets, so that every command sees the choice.
    static let colorVariable = "TRACK_COLOR"

    static var style: TerminalStyle {
        let environment = ProcessInfo.processInfo.environment
        let choice = environment[colorVariable].flatMap(TerminalStyle.Choice.init) ?? .auto
        return TerminalStyle.forOutput(isTerminal: isatty(STDOUT_FILENO) == 1, environment: environment, choice: choice)
    }

    /// The width tables are cut to: `COLUMNS` when set, else the terminal's; nil (not cut) for a pipe or a file.
    static var width: Int? {
        TerminalWidth.resolve(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1) {
            var size = winsize()
            return ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : nil
        }
    }

    /// Prints `text` with control characters from data or plugins escaped. The reports escape data
    /// before they add colours; here, as a last guard, only track's own colour sequences pass, and
    /// none at all when colours are off.
    static func print(_ text: String, terminator: String = "\n") {
        Swift.print(TerminalText.escaped(text, keepingStyles: style.isEnabled), terminator: terminator)
    }

    /// Prints a sentence or two folded to the terminal's width (as is for a pipe or a file).
    static func printProse(_ text: String) {
        for line in ProseWrap.lines(text, width: width, indent: 0) { print(line) }
    }

    /// Prints `text` on standard error, control characters escaped (track's own colours kept).
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.escaped(text, keepingStyles: true) + "\n").utf8))
    }

    /// Prints diagnostics compiler-style on standard error, paths relative to the current directory;
    /// more than 20 of a kind are folded into "and N more like it".
    static func report(_ diagnostics: [Diagnostic]) {
        var renderer = DiagnosticRenderer(displayPath: DisplayPath.relative)
        for diagnostic in Diagnostic.folded(diagnostics) { printError(renderer.render(diagnostic)) }
    }

    /// One line on standard error for the workspace's warnings, which `track validate` lists in full.
    static func summarize(_ warnings: [Diagnostic]) {
        guard !warnings.isEmpty else { return }
        printError("track: warning: \(Count.of(warnings.count, "warning")) in the workspace (track validate lists them)")
    }

    /// Prints a workflow's error (its diagnostics, then its message) and returns the exit code it ends with.
    static func fail(_ error: TrackError) -> ExitCode {
        report(error.diagnostics)
        if let message = error.message { printError("track: error: " + message) }
        return ExitCode(error.exit.rawValue)
    }

    /// `path` relative to the current directory when it lies below it.
    static func displayPath(_ path: String) -> String { DisplayPath.relative(path) }

    /// JSON with sorted keys, pretty-printed, no escaped slashes.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// History files a command left out as damaged or forged: printed when found; the command goes on
/// with the other runs and ends with exit 65 (`finish()`).
final class HistoryDamage: @unchecked Sendable {
    private let lock = NSLock()
    private var found = false

    func report(_ diagnostics: [Diagnostic]) {
        lock.withLock { found = true }
        Console.report(diagnostics)
        Console.printError(
            "track: \(Count.of(diagnostics.count, "history file")) left out (damaged or forged); the other runs are read (exit 65)")
    }

    /// Ends the command with exit 65 when a file was left out.
    func finish() throws {
        if lock.withLock({ found }) { throw ExitCode(TrackError.Exit.dataError.rawValue) }
    }
}

/// Runs a workflow; its `TrackError` is printed and becomes the exit code.
func perform<T>(_ body: () throws(TrackError) -> T) throws -> T {
    do { return try body() } catch { throw Console.fail(error) }
}
