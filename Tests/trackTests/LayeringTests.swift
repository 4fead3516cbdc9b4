import Foundation
import TestSupport
import Testing

/// The layers the package is built from (docs/architecture.md), checked where the compiler cannot.
@Suite("Module rules")
struct LayeringTests {
    /// The Swift files under `folder` of the repository, with their text.
    private func sources(_ folder: String) throws -> [(path: String, text: String)] {
        let root = TrackProcess.repositoryRoot + "/" + folder
        let paths = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        return try paths.sorted().map { ($0, try String(contentsOfFile: root + "/" + $0, encoding: .utf8)) }
    }

    @Test("the CLI only parses and prints: no file-system, process or lock call in Sources/track")
    func thinCommandLine() throws {
        let forbidden = [
            "FileManager", "Process(", "posix_spawn", "WorkspaceLock", "flock(", "contentsOfFile", "contentsOf:", "AtomicFile",
            "WorkspaceFile", "fopen(", "FileHandle(", "HistoryStore(", "PluginTrust(", "Glibc.", "unlink(", "mkdir(",
        ]
        let files = try sources("Sources/track")
        #expect(files.count > 10)
        for (path, text) in files {
            for call in forbidden where text.contains(call) {
                Issue.record("Sources/track/\(path) calls \(call): move it into a workflow in Tracker")
            }
        }
    }

    @Test(
        "no module imports one above it",
        arguments: [
            ("Sources/TrackCore", ["TrackEngine", "TrackDomain", "TrackExec", "TrackEvaluators", "Tracker", "ArgumentParser", "GRDB"]),
            ("Sources/TrackEngine", ["TrackDomain", "TrackExec", "TrackEvaluators", "Tracker", "ArgumentParser", "GRDB"]),
            ("Sources/TrackDomain", ["TrackExec", "TrackEvaluators", "Tracker", "ArgumentParser", "GRDB"]),
            ("Sources/TrackExec", ["TrackEngine", "TrackDomain", "TrackEvaluators", "Tracker", "ArgumentParser", "GRDB"]),
            ("Sources/TrackEvaluators", ["Tracker", "ArgumentParser", "GRDB"]),
            ("Sources/Tracker", ["ArgumentParser"]),
        ])
    func imports(folder: String, above: [String]) throws {
        for (path, text) in try sources(folder) {
            for module in above where text.contains("import \(module)\n") {
                Issue.record("\(folder)/\(path) imports \(module), a module above it")
            }
        }
    }
}
