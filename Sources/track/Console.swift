import ArgumentParser
import Foundation
import Tracker

/// Where the CLI writes, and how: colour on terminals only, diagnostics on standard error.
enum Console {
    static var style: TerminalStyle {
        TerminalStyle.forOutput(isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
    }

    static func print(_ text: String) {
        Swift.print(text)
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
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
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Exit codes, as documented in `track --help` and the README (sysexits.h values).
enum ExitStatus {
    /// Bad usage, or no workspace found.
    static let usage = ExitCode(64)
    /// The workspace's data has errors.
    static let badData = ExitCode(65)
}

extension WorkspaceOptions {
    /// The loaded workspace; prints the errors and exits 65 when it has any (warnings are printed too).
    func load(printWarnings: Bool = true) throws -> Workspace {
        let root: String
        do { root = try WorkspaceLocator.locate(explicit: workspace) } catch {
            Console.report(error.diagnostics)
            throw ExitStatus.usage
        }
        let result = WorkspaceLoader.load(root: root)
        if !result.errors.isEmpty {
            Console.report(result.diagnostics)
            Console.printError("\(count(result.errors.count, "error")) in the workspace; fix them (track validate lists them all).")
            throw ExitStatus.badData
        }
        if printWarnings { Console.report(result.warnings) }
        return result.workspace
    }
}

/// "1 error", "3 errors".
func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
}
