import Crypto
import Foundation
import TrackCore

/// Which workspaces' own programs (under `plugins/`) the user has allowed to run, like direnv's allow list:
/// code that arrives with a cloned repository runs only after `track trust`. The list lives outside every
/// workspace, in `$XDG_DATA_HOME/track/trusted` (default `~/.local/share/track/trusted`): one line per
/// workspace, the fingerprint of its `plugins/` folder and the workspace's real path. Changing any file
/// under `plugins/` changes the fingerprint, so changed programs need trust again.
public struct PluginTrust: Sendable {
    /// The folder of a workspace's own programs.
    public static let directory = "plugins"

    /// The file that lists trusted workspaces.
    public let storePath: String

    /// Where a workspace's programs stand.
    public enum Status: Equatable, Sendable {
        /// The workspace has no `plugins/` folder.
        case noPrograms
        /// Trusted, and unchanged since.
        case trusted
        /// Never trusted (or revoked).
        case untrusted
        /// Trusted once, but `plugins/` has changed since.
        case changed
        /// `plugins/` is there but cannot be read through (a link loop, a folder without permission): why.
        case unreadable(String)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        storePath = UserDataDirectory.path(environment: environment) + "/trusted"
    }

    /// Whether the programs under `root`/plugins may run.
    public func status(workspace root: String) -> Status {
        let fingerprint: String
        do {
            guard let found = try Self.fingerprint(workspace: root) else { return .noPrograms }
            fingerprint = found
        } catch {
            return .unreadable("\(error)")
        }
        let path = Self.realPath(root)
        let entries = readEntries().filter { $0.path == path }
        if entries.contains(where: { $0.fingerprint == fingerprint }) { return .trusted }
        return entries.isEmpty ? .untrusted : .changed
    }

    /// Trusts the programs under `root`/plugins as they are now; returns their fingerprint.
    @discardableResult
    public func trust(workspace root: String) throws -> String {
        guard let fingerprint = try Self.fingerprint(workspace: root) else {
            throw Failure(description: "\(root) has no \(Self.directory)/ folder: there is nothing to trust")
        }
        let path = Self.realPath(root)
        guard !path.contains("\n") else {
            throw Failure(description: "a workspace path with a line break cannot be trusted; rename the folder")
        }
        try locked { try save(readEntries().filter { $0.path != path } + [(fingerprint, path)]) }
        return fingerprint
    }

    /// Forgets the trust given to `root`; returns whether there was any.
    @discardableResult
    public func revoke(workspace root: String) throws -> Bool {
        let path = Self.realPath(root)
        return try locked {
            let entries = readEntries()
            let kept = entries.filter { $0.path != path }
            guard kept.count != entries.count else { return false }
            try save(kept)
            return true
        }
    }

    /// Why `executable` may not run, or nil when it may: a program under the workspace's `plugins/` folder
    /// runs only while the folder is trusted as it is; one from elsewhere (the PATH) always may.
    public func refusal(toRun executable: URL, workspace root: String) -> String? {
        guard executable.path.hasPrefix(root + "/" + Self.directory + "/") else { return nil }
        let reason: String? =
            switch status(workspace: root) {
            case .trusted: nil
            case .changed: "the workspace's \(Self.directory)/ folder changed since it was trusted"
            case .untrusted, .noPrograms, .unreadable:
                "\(executable.lastPathComponent) comes with the workspace (\(Self.directory)/) and is not trusted yet"
            }
        return reason.map { "\($0); read what \(Self.directory)/ holds, then run: \(Self.command(workspace: root))" }
    }

    /// The shell command that trusts `root`, for messages.
    public static func command(workspace root: String) -> String {
        let safe = root.allSatisfy { $0.isLetter || $0.isNumber || "/._-+,:@".contains($0) }
        return "track trust -w " + (safe ? root : "'" + root.replacingOccurrences(of: "'", with: "'\\''") + "'")
    }

    /// SHA-256 over every entry under `root`/plugins (names, kinds, permission bits, contents, link targets
    /// and the contents they point to), in name order; nil when there is no such folder.
    public static func fingerprint(workspace root: String) throws -> String? {
        let base = root + "/" + directory
        var status = stat()
        guard lstat(base, &status) == 0 else { return nil }
        var digest = SHA256()
        try add(base, relative: directory, to: &digest, depth: 0)
        return digest.finalize().map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    private static func add(_ path: String, relative: String, to digest: inout SHA256, depth: Int) throws {
        guard depth < 16 else { throw Failure(description: "\(path): folders nested too deep under \(directory)/") }
        var status = stat()
        guard lstat(path, &status) == 0 else { throw Failure(description: "cannot read \(path)") }
        let kind = status.st_mode & S_IFMT
        digest.update(data: Array(relative.utf8) + [0] + Array(String(status.st_mode & 0o7777, radix: 8).utf8) + [0])
        switch kind {
        case S_IFDIR:
            digest.update(data: Array("dir".utf8) + [0])
            let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            for name in names { try add(path + "/" + name, relative: relative + "/" + name, to: &digest, depth: depth + 1) }
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""
            digest.update(data: Array("link".utf8) + [0] + Array(target.utf8) + [0])
            // What the link leads to counts too: a file's contents, a folder's entries.
            var targetStatus = stat()
            if stat(path, &targetStatus) == 0 {
                switch targetStatus.st_mode & S_IFMT {
                case S_IFREG: try addContents(path, to: &digest)
                case S_IFDIR:
                    for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
                        try add(path + "/" + name, relative: relative + "/" + name, to: &digest, depth: depth + 1)
                    }
                default: break
                }
            }
        case S_IFREG:
            digest.update(data: Array("file".utf8) + [0])
            try addContents(path, to: &digest)
        default:
            digest.update(data: Array("other".utf8) + [0])
        }
    }

    private static func addContents(_ path: String, to digest: inout SHA256) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(description: "cannot read \(path)") }
        defer { try? handle.close() }
        let data = try handle.readToEnd() ?? Data()
        digest.update(data: Array(String(data.count).utf8) + [0])
        digest.update(data: data)
    }

    /// The path with symlinks resolved, so that one workspace reached two ways is trusted once.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func readEntries() -> [(fingerprint: String, path: String)] {
        guard let text = try? String(contentsOfFile: storePath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line -> (fingerprint: String, path: String)? in
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
    }

    /// Runs a read-modify-write of the list under an exclusive lock, so that two track processes trusting
    /// at once lose neither entry.
    private func locked<T>(_ body: () throws -> T) throws -> T {
        let folder = URL(fileURLWithPath: storePath).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = open(storePath + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "cannot lock \(storePath): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure(description: "cannot lock \(storePath): \(String(cString: strerror(errno)))") }
        }
        return try body()
    }

    private func save(_ entries: [(fingerprint: String, path: String)]) throws {
        let folder = URL(fileURLWithPath: storePath).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let text = entries.map { "\($0.fingerprint) \($0.path)\n" }.joined()
        try AtomicFile.write(text, to: storePath)
    }
}
