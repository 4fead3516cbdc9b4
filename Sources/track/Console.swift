import ArgumentParser
import Foundation
import Plugins
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

    /// Prints `text` with control characters from data or plugins escaped (track's own colours kept).
    static func print(_ text: String, terminator: String = "\n") {
        Swift.print(TerminalText.escaped(text, keepingStyles: true), terminator: terminator)
    }

    /// Prints `text` on standard error, control characters escaped.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.escaped(text, keepingStyles: true) + "\n").utf8))
    }

    /// Prints diagnostics compiler-style on standard error, paths relative to the current directory.
    static func report(_ diagnostics: [Diagnostic]) {
        var renderer = DiagnosticRenderer(displayPath: displayPath)
        for diagnostic in diagnostics { printError(renderer.render(diagnostic)) }
    }

    /// `path` relative to the current directory when it lies below it.
    static func displayPath(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// JSON with sorted keys, pretty-printed, no escaped slashes.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Exit codes, as documented in `track --help` and the README (sysexits.h values).
enum ExitStatus {
    /// Bad usage, or no workspace found.
    static let usage = ExitCode(64)
    /// The workspace's data has errors.
    static let badData = ExitCode(65)
    /// `update`: a source could not be read (a download or a program failed).
    static let sourceUnavailable = ExitCode(69)
    /// The history database cannot be opened.
    static let historyUnavailable = ExitCode(74)
    /// A workspace file cannot be read or written safely (a FIFO, a link out of the workspace, a full disk).
    static let fileUnavailable = ExitCode(74)
    /// Another track process holds the lock.
    static let busy = ExitCode(75)
}

/// Runs `body` under the workspace lock for `purpose`; exits 75 when another process keeps it.
func withLock<T>(_ root: String, _ purpose: WorkspaceLock.Purpose, timeout: Double, _ body: () throws -> T) throws -> T {
    let lock: WorkspaceLock
    do { lock = try WorkspaceLock(workspace: root, purpose: purpose, timeout: timeout) } catch let busy as WorkspaceLock.Busy {
        Console.printError("track: \(busy)")
        throw ExitStatus.busy
    } catch {
        Console.printError("track: \(error)")
        throw ExitStatus.fileUnavailable
    }
    return try withExtendedLifetime(lock) { try body() }
}

/// The text of the workspace file at `path`; prints why and exits 74 when it is no regular file inside `root`.
func readWorkspaceFile(_ path: String, root: String) throws -> String {
    do { return try WorkspaceFile.read(path, within: root) } catch {
        Console.printError("track: \(error)")
        throw ExitStatus.fileUnavailable
    }
}

/// Replaces the workspace file at `path` with `text` in one step; prints why and exits 74 when it cannot.
func writeWorkspaceFile(_ text: String, to path: String, root: String) throws {
    do { try AtomicFile.write(text, to: path, within: root) } catch {
        Console.printError("track: \(error)")
        throw ExitStatus.fileUnavailable
    }
}

/// Prints the diagnostics and exits 65.
func fail(_ error: DiagnosticsError) -> ExitCode {
    Console.report(error.diagnostics)
    return ExitStatus.badData
}

/// The history store of `workspace`, its warnings printed; prints the reason and exits 74 when it cannot be
/// opened (75 when another process keeps it busy).
func openHistory(_ workspace: Workspace, access: HistoryStore.Access = .readWrite) throws -> HistoryStore {
    do {
        let store = try HistoryStore(
            // An absolute path comes only from --history (track.yaml's must stay inside the workspace).
            path: workspace.historyPath, within: workspace.settings.historyPath.hasPrefix("/") ? nil : workspace.root,
            access: access, ledger: UserDataDirectory.path() + "/histories")
        for warning in store.warnings { Console.printError("track: warning: \(warning)") }
        return store
    } catch let busy as HistoryStore.Busy {
        Console.printError("track: \(busy)")
        throw ExitStatus.busy
    } catch {
        Console.printError("track: \(error)")
        throw ExitStatus.historyUnavailable
    }
}

extension WorkspaceOptions {
    /// The workspace's directory; prints why and exits 64 when there is none.
    func root() throws -> String {
        do { return try WorkspaceLocator.locate(explicit: workspace) } catch {
            Console.report(error.diagnostics)
            throw ExitStatus.usage
        }
    }

    /// Loads the workspace and checks it, plugin configurations included: every problem found,
    /// and the engine that evaluates it.
    func check() throws -> (engine: EvaluationEngine, diagnostics: [Diagnostic]) {
        var result = WorkspaceLoader.load(root: try root())
        result.workspace = withHistoryOption(result.workspace)
        let engine = EvaluationEngine(workspace: result.workspace, registry: BuiltInEvaluators.registry)
        // The catalog is the model plugins' domain: the core keeps it as YAML, the plugins decode and check it.
        let catalog = Catalog.read(result.workspace.catalog).diagnostics
        // A broken indicator file is reported once, at its root; references to it are not errors of their own.
        return (engine, Diagnostic.sortedForReport(result.diagnostics + catalog + result.withoutKnockOns(engine.diagnostics)))
    }

    /// The evaluation engine over a valid workspace; prints the errors and exits 65 when it has
    /// any (warnings are printed and allowed).
    func engine() throws -> EvaluationEngine {
        let (engine, diagnostics) = try check()
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            Console.report(diagnostics)
            Console.printError("\(count(errors.count, "error")) in the workspace; fix them (track validate lists them all).")
            throw ExitStatus.badData
        }
        Console.report(diagnostics)
        return engine
    }
}

/// "1 error", "3 errors".
func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
}
