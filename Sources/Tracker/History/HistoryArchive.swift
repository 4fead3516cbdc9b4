import Foundation
import TrackCore
import TrackEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The history of record: text files in the workspace's `history/` folder, meant to be committed.
///
/// Each recorded run is one new file that is never changed afterwards,
/// `history/YYYY/MM/YYYY-MM-DDTHH-MM-SSZ-RUNNER-DIGEST.jsonl` (the run's time in UTC, the machine or
/// CI job, and a digest of the contents), so two clones that each record runs merge without a
/// conflict, and two identical runs from two machines are both kept. Backtests are one file per day
/// in `history/backtests/`, replaced as a whole by each backfill. What-if runs are not kept here.
public struct HistoryArchive: Sendable {
    /// The folder's name inside the workspace.
    public static let directory = "history"
    /// The backtests' folder inside it.
    public static let backtests = "backtests"
    public static let fileExtension = "jsonl"

    /// The folder's absolute path.
    public let path: String
    /// The workspace the folder belongs to: no write leaves it.
    let workspaceRoot: String

    public init(workspaceRoot: String) {
        self.workspaceRoot = workspaceRoot
        path = (workspaceRoot.hasSuffix("/") ? workspaceRoot : workspaceRoot + "/") + Self.directory
    }

    /// A file's size and modification time: the index reads a file again when either changes.
    public struct Stamp: Sendable, Hashable {
        public var size: Int
        public var modified: Double
    }

    /// Every run file, by its path relative to `history/`, with its stamp.
    public func files() throws -> [String: Stamp] {
        var files: [String: Stamp] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [:] }
        while let name = enumerator.nextObject() as? String {
            guard name.hasSuffix("." + Self.fileExtension), !(name as NSString).lastPathComponent.hasPrefix(".") else { continue }
            var status = stat()
            guard lstat(path + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            #if canImport(Glibc)
                let modified = status.st_mtim
            #else
                let modified = status.st_mtimespec
            #endif
            files[name] = Stamp(size: Int(status.st_size), modified: Double(modified.tv_sec) + Double(modified.tv_nsec) / 1_000_000_000)
        }
        return files
    }

    /// Reads one run file (`name` relative to `history/`).
    public func read(_ name: String) throws -> ArchivedRun {
        let file = Self.directory + "/" + name
        guard let data = FileManager.default.contents(atPath: path + "/" + name) else {
            throw DiagnosticsError([Diagnostic("cannot read the history file", file: file)])
        }
        return try ArchivedRun(text: String(decoding: data, as: UTF8.self), file: file)
    }

    /// Writes a recorded run as a new file; returns its name relative to `history/`. A run already there
    /// (the same bytes under its name) is not a new run and is not written again; another run that would
    /// get the same name (a digest shared within the same second) gets the next free `-N` after it.
    @discardableResult
    public func record(_ run: ArchivedRun) throws -> String {
        let text = try run.text()
        let time = run.header.recordedAt.replacingOccurrences(of: ":", with: "-")
        let stem = "\(time.prefix(4))/\(time.dropFirst(5).prefix(2))/\(time)-\(run.header.runner)-\(Self.digest(text))"
        var name = "\(stem).\(Self.fileExtension)"
        var attempt = 1
        while let existing = FileManager.default.contents(atPath: path + "/" + name) {
            if existing.elementsEqual(text.utf8) { return name }
            attempt += 1
            name = "\(stem)-\(attempt).\(Self.fileExtension)"
        }
        try write(text, to: name)
        return name
    }

    /// The file of the backtest as of `day`, relative to `history/`.
    public static func backtestName(_ day: Day) -> String {
        "\(backtests)/\(day).\(fileExtension)"
    }

    /// Writes (or replaces) the backtest file of the run's day; returns its name relative to `history/`.
    @discardableResult
    public func recordBacktest(_ run: ArchivedRun) throws -> String {
        let name = Self.backtestName(run.asOf)
        try write(try run.text(), to: name)
        return name
    }

    /// Replaces every backtest with `runs`, one file per day, each written as soon as the sequence gives it
    /// (a lazy sequence computes one run at a time); returns the names written.
    @discardableResult
    public func replaceBacktests(with runs: some Sequence<ArchivedRun>) throws -> [String] {
        var names: [String] = []
        for run in runs { names.append(try recordBacktest(run)) }
        let keep = Set(names)
        try remove(try files().keys.filter { $0.hasPrefix(Self.backtests + "/") && !keep.contains($0) })
        return names
    }

    /// Deletes run files (names relative to `history/`).
    public func remove(_ names: some Sequence<String>) throws {
        for name in names where FileManager.default.fileExists(atPath: path + "/" + name) {
            try FileManager.default.removeItem(atPath: path + "/" + name)
        }
    }

    private func write(_ text: String, to name: String) throws {
        let target = path + "/" + name
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(text, to: target, within: workspaceRoot)
    }

    /// Who runs track here, for file names and headers: `TRACK_RUNNER` when set, else the CI job
    /// (`github-RUNID`, `gitlab-JOBID`), else the host's short name; letters, digits and dashes only.
    public static func runner(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let raw: String
        if let name = environment["TRACK_RUNNER"], !name.isEmpty {
            raw = name
        } else if let run = environment["GITHUB_RUN_ID"], !run.isEmpty {
            raw = "github-" + run
        } else if let job = environment["CI_JOB_ID"], !job.isEmpty {
            raw = "gitlab-" + job
        } else {
            raw = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? ""
        }
        let cleaned = String(raw.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }.prefix(32))
        let trimmed = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "host" : trimmed
    }

    /// Eight hex digits of the 64-bit FNV-1a hash of `text`: different contents get different names.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(8))
    }
}
