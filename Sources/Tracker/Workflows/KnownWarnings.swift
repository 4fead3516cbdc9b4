import Foundation
import TrackCore

/// The workspace's warnings as of the last recorded run, kept in `.track/warnings` (one line each:
/// the file relative to the workspace and the message), so that `evaluate --quiet` speaks only of new
/// ones. `track validate` always lists them all.
struct KnownWarnings {
    let workspaceRoot: String

    private var path: String { workspaceRoot + "/" + Workspace.stateDirectory + "/warnings" }

    /// The warnings of `warnings` that the last recorded run did not have (all of them when none was recorded).
    func unseen(_ warnings: [Diagnostic]) -> [Diagnostic] {
        guard let text = try? WorkspaceFile.read(path, within: workspaceRoot) else { return warnings }
        let known = Set(text.split(separator: "\n").map(String.init))
        return warnings.filter { !known.contains(key($0)) }
    }

    /// Keeps `warnings` as the known ones.
    func remember(_ warnings: [Diagnostic]) throws {
        let lines = Set(warnings.map(key)).sorted()
        try AtomicFile.write(lines.map { $0 + "\n" }.joined(), to: path, within: workspaceRoot)
    }

    /// A warning without its line, nor the lines its message names ("at line 221", "lines 3 and 4",
    /// "s.yaml:12:5"): an edit above it moves it, but does not make it new.
    private func key(_ diagnostic: Diagnostic) -> String {
        let file =
            diagnostic.file.hasPrefix(workspaceRoot + "/") ? String(diagnostic.file.dropFirst(workspaceRoot.count + 1)) : diagnostic.file
        let message = diagnostic.message
            .replacing(/lines? \d+( and \d+)?/) { _ in "line #" }
            .replacing(/(\.ya?ml):\d+(:\d+)?/) { match in match.1 + ":#" }
        return (file + ": " + message).replacingOccurrences(of: "\n", with: " ")
    }
}
