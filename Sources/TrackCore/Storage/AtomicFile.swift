import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces a file's contents all at once: the new bytes go to a temporary file beside it, are
/// flushed to disk, and the temporary file is renamed over the original. A crash at any point
/// leaves either the old file or the new one, never half of either.
///
/// The temporary file is `.NAME.PID.RANDOM.track-tmp` (`temporarySuffix`), created with
/// `O_CREAT|O_EXCL|O_NOFOLLOW` inside the already opened target folder, so a link planted in its place
/// is never followed; a target that is a link, a FIFO or a device is refused, and with `within` the
/// folder must lie inside that workspace. A process killed mid-write leaves its temporary file; the
/// next write of the same file removes those whose process is gone, and `.gitignore` lists the suffix.
public enum AtomicFile {
    /// How every temporary file ends (the generated `.gitignore` ignores `*` + this).
    public static let temporarySuffix = ".track-tmp"

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `text` to `path`. With `root`, `path` must resolve to a place inside `root` (links followed).
    public static func write(_ text: String, to path: String, within root: String? = nil) throws {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let directory = try WorkspaceFile.directory(of: path, within: root)
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw Failure(description: "cannot open the folder of \(path): \(errorText())") }
        defer { close(folder) }

        var mode: mode_t = 0o644
        var status = stat()
        if fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 {
            guard status.st_mode & S_IFMT == S_IFREG else {
                throw Failure(
                    description: "\(path) is not a regular file (\(WorkspaceFile.kind(status.st_mode))); track writes only regular files")
            }
            mode = status.st_mode & 0o777
        }

        removeStaleTemporaries(of: name, in: folder)
        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<8 {
            temporary = ".\(name).\(getpid()).\(randomSuffix())\(temporarySuffix)"
            descriptor = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw Failure(description: "cannot write beside \(path): \(errorText())") }
        // The text's own UTF-8 storage is written: no copy of a large file.
        var text = text
        let failure: String? = text.withUTF8 { bytes in
            var written = 0
            while written < bytes.count {
                let count = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return errorText() }
                written += count
            }
            return nil
        }
        if let failure {
            close(descriptor)
            unlinkat(folder, temporary, 0)
            throw Failure(description: "cannot write \(directory)/\(temporary): \(failure)")
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let reason = errorText()
            unlinkat(folder, temporary, 0)
            throw Failure(description: "cannot flush \(directory)/\(temporary) to disk: \(reason)")
        }
        guard renameat(folder, temporary, folder, name) == 0 else {
            let reason = errorText()
            unlinkat(folder, temporary, 0)
            throw Failure(description: "cannot replace \(path): \(reason)")
        }
        fsync(folder)
    }

    /// Removes the temporary files of `name` in the open `folder` left by processes that no longer run
    /// (killed mid-write): `.NAME.PID.RANDOM.track-tmp`, regular files only, never through a link.
    private static func removeStaleTemporaries(of name: String, in folder: Int32) {
        let prefix = ".\(name)."
        let duplicate = dup(folder)
        guard duplicate >= 0, let listing = fdopendir(duplicate) else {
            if duplicate >= 0 { close(duplicate) }
            return
        }
        defer { closedir(listing) }
        var stale: [String] = []
        while let entry = readdir(listing) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard entryName.hasPrefix(prefix), entryName.hasSuffix(temporarySuffix) else { continue }
            let middle = entryName.dropFirst(prefix.count).dropLast(temporarySuffix.count).split(separator: ".")
            guard middle.count == 2, let pid = pid_t(middle[0]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { stale.append(entryName) }
        }
        for entryName in stale {
            var status = stat()
            if fstatat(folder, entryName, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFREG {
                unlinkat(folder, entryName, 0)
            }
        }
    }

    /// 16 random hexadecimal digits.
    private static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
