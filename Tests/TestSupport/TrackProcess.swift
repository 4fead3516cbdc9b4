import Foundation

/// Runs the built `track` binary, as a user would, and captures what it prints.
public struct TrackProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `track` executable beside this test bundle in the build products directory.
    public static let binary: URL = {
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
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The XDG_DATA_HOME the runs get.
    public static let dataHome = FileManager.default.temporaryDirectory.appendingPathComponent("track-e2e-data-\(getpid())").path

    /// Runs `track arguments` in `directory`; standard input is empty.
    public static func run(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws -> Output {
        try capture(process(arguments, in: directory, environment: extra))
    }

    /// `track arguments` in `directory`, ready to run, with track's user data in this test process's folder.
    public static func process(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        // track's user data (trusted workspaces, known histories) in a folder of this test process, not the user's.
        environment["XDG_DATA_HOME"] = dataHome
        environment.merge(extra) { $1 }
        process.environment = environment
        return process
    }

    /// Runs a configured `process` to its end with empty standard input, its output and errors
    /// captured through files (pipes could fill up and stall it); `whileRunning`, when given, is called
    /// with its process id every 2 ms until it ends.
    public static func capture(_ process: Process, whileRunning: ((Int32) -> Void)? = nil) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("track-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out")
        let err = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if let whileRunning {
            while process.isRunning {
                whileRunning(process.processIdentifier)
                usleep(2_000)
            }
        }
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8))
    }
}
