import Foundation

/// Runs the built `track` binary, as a user would, and captures what it prints.
struct TrackProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `track` executable beside this test bundle in the build products directory.
    static let binary: URL = {
        if let override = ProcessInfo.processInfo.environment["TRACK_BINARY"] { return URL(fileURLWithPath: override) }
        let runner = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = runner.deletingLastPathComponent()
        // On macOS the runner sits inside an .xctest bundle: step out to the products directory.
        while directory.pathExtension == "xctest" || ["MacOS", "Contents"].contains(directory.lastPathComponent) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("track")
    }()

    /// The repository's own root, holding the shipped workspace.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The XDG_DATA_HOME the runs get.
    static let dataHome = FileManager.default.temporaryDirectory.appendingPathComponent("track-e2e-data-\(getpid())").path

    /// Runs `track arguments` in `directory`; standard input is empty.
    static func run(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        // track's user data (trusted workspaces, known histories) in a folder of this test process, not the user's.
        environment["XDG_DATA_HOME"] = dataHome
        environment.merge(extra) { $1 }
        process.environment = environment
        return try capture(process)
    }

    /// Runs a configured `process` to its end with empty standard input, its output and errors
    /// captured through files (pipes could fill up and stall it).
    static func capture(_ process: Process) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("track-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8))
    }
}

/// A workspace in a temporary directory for one test.
final class TemporaryWorkspace {
    let root: String

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("track-e2e-\(UUID().uuidString)").path
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Every file's bytes, by relative path: to show that a command changed nothing.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: root + "/" + path)
            }
        }
        return files
    }

    static let predictions = """
        sources:
          - id: article
            title: An article
            published: 2026-06-15
        predictions:
          - id: cheaper-tokens
            statement: Tokens get ten times cheaper.
            source: article
            made: 2026-06-15
            deadline: 2027-Q3
            probability: 0.55
            criteria: Yes if the list price falls tenfold.
            tags: [cost]
          - id: listing
            statement: The company lists.
            source: article
            made: 2026-06-15
            deadline: 2028
            criteria: Yes if it lists.
            tags: [funding]

        """

    static let price = """
        # Prices, newest last.
        name: Output price
        unit: usd_per_mtok
        better: lower
        observations:
          - date: 2024-12-26
            subject: v3
            value: 1.10
            source: https://example.com/v3
          - date: 2025-09-29
            subject: v3.2
            value: 0.42
            source: https://example.com/v3.2

        """
}
