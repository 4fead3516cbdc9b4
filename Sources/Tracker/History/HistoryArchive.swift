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

    /// The largest history file read: a run of a thousand forecasts is a few hundred kilobytes.
    public static let maximumFileBytes = 64_000_000

    /// Reads one run file (`name` relative to `history/`): a regular file inside the workspace, its
    /// contents checked (`ArchivedRun(text:file:)`) and its name too: a recorded run's name holds its
    /// time, runner and the digest of its contents, a backtest's its day, so a forged or hand-edited
    /// run is refused, never taken as a previous run.
    public func read(_ name: String) throws -> ArchivedRun {
        let file = Self.directory + "/" + name
        let bytes: [UInt8]
        do {
            bytes = try WorkspaceFile.readBytes(path + "/" + name, within: workspaceRoot, maximumBytes: Self.maximumFileBytes)
        } catch {
            throw DiagnosticsError([Diagnostic("cannot read the history file: \(error)", file: file)])
        }
        // Line ends as git on Windows may write them (core.autocrlf): the digest is of the LF text.
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        let run = try ArchivedRun(text: text, file: file)
        let expected =
            run.kind == .backtest ? Self.backtestName(run.asOf) : run.kind == .recorded ? Self.recordedName(run.header, text: text) : nil
        guard name == expected else {
            throw DiagnosticsError([
                Diagnostic(
                    "the file's name does not match its contents (a \(run.kind.rawValue) run track would name "
                        + "\(expected.map { "'\($0)'" } ?? "nothing: such runs are not kept in files")): a hand-edited or forged run, "
                        + "left out; restore it from git (git checkout -- FILE) or delete it",
                    at: SourceMark(file: file, line: 1, column: 1))
            ])
        }
        return run
    }

    /// A recorded run's file name: `YYYY/MM/TIME-RUNNER-DIGEST.jsonl`, the time with `-` for `:`.
    static func recordedName(_ header: ArchivedRun.Header, text: String) -> String {
        let time = header.recordedAt.replacingOccurrences(of: ":", with: "-")
        return "\(time.prefix(4))/\(time.dropFirst(5).prefix(2))/\(time)-\(header.runner)-\(digest(text)).\(fileExtension)"
    }

    /// The part of a recorded run's name that says when and where it ran (`YYYY/MM/TIME-RUNNER`):
    /// two files with the same one and other contents cannot both be genuine.
    static func recordedSlot(_ name: String) -> String? {
        guard !name.hasPrefix(backtests + "/"), name.hasSuffix("." + fileExtension) else { return nil }
        let stem = name.dropLast(fileExtension.count + 1)
        guard let dash = stem.lastIndex(of: "-") else { return nil }
        return String(stem[..<dash])
    }

    /// Writes a recorded run as a new file; returns its name relative to `history/`. A run already there
    /// (the same bytes under its name) is not written again. A time and runner hold one run: when the
    /// second already has another (two runs within a second), the run is recorded at the next free
    /// second, so that a reader never finds two runs that claim one slot.
    @discardableResult
    public func record(_ run: ArchivedRun) throws -> String {
        var run = run
        for _ in 0..<60 {
            let text = try run.text()
            let name = Self.recordedName(run.header, text: text)
            // The same run already there (the same bytes under its name) is not a new run: nothing is written.
            let existing = FileManager.default.contents(atPath: path + "/" + name)
            if let existing, existing.elementsEqual(text.utf8) { return name }
            let slot = Self.recordedSlot(name)!
            let month = (slot as NSString).deletingLastPathComponent
            let taken =
                existing != nil
                || ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + month)) ?? []).contains {
                    month + "/" + $0 != name && Self.recordedSlot(month + "/" + $0) == slot
                }
            if !taken {
                try write(text, to: name)
                return name
            }
            run.header.recordedAt = (run.recordedAt + 1).formatted(ArchivedRun.timeFormat)
        }
        throw DiagnosticsError([
            Diagnostic("every second of the next minute already holds a run by \(run.header.runner)", file: Self.directory)
        ])
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
        try WorkspaceFile.createFolders((target as NSString).deletingLastPathComponent, within: workspaceRoot)
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
