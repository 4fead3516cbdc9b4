import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks that keep reads and writes to the workspace's own regular files: no FIFO or device (which
/// would hang or never end), no link that leads out of the workspace.
public enum WorkspaceFile {
    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    /// The real folder of `path` (links resolved); with `root`, it must lie inside the real `root`.
    static func directory(of path: String, within root: String?) throws -> String {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard let directory = realPath(parent) else {
            throw Refused(description: "cannot reach the folder of \(path): \(String(cString: strerror(errno)))")
        }
        if let root, !isInside(directory, root: root) {
            throw Refused(
                description: "\(path) leads outside the workspace (its folder is \(directory)); track writes only inside the workspace")
        }
        return directory
    }

    /// Why `path` cannot be read as one of the workspace's files, or nil when it can: it must be a regular
    /// file (after links), and with `root` its real place must lie inside the real `root`.
    public static func problem(reading path: String, within root: String?) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        guard status.st_mode & S_IFMT == S_IFREG else {
            return "not a regular file (\(kind(status.st_mode))); track reads only regular files"
        }
        if let root, let real = realPath(path), !isInside(real, root: root) {
            return "a link to \(real), outside the workspace; track reads only files inside it"
        }
        return nil
    }

    /// The file's text, refusing anything but a regular file inside `root` (never blocking on a FIFO).
    public static func read(_ path: String, within root: String?) throws -> String {
        let bytes = try readBytes(path, within: root)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Refused(description: "\(path) is not valid UTF-8 text; track validate shows where")
        }
        return text
    }

    /// The file's bytes, refusing anything but a regular file inside `root` (never blocking on a FIFO),
    /// and with `maximumBytes`, a file larger than that.
    public static func readBytes(_ path: String, within root: String?, maximumBytes: Int? = nil) throws -> [UInt8] {
        if let problem = problem(reading: path, within: root) { throw Refused(description: "\(path): \(problem)") }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Refused(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw Refused(description: "\(path): not a regular file; track reads only regular files")
        }
        if let maximumBytes, Int(status.st_size) > maximumBytes {
            throw Refused(description: "\(path) is larger than \(maximumBytes) bytes")
        }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = systemRead(descriptor, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw Refused(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[..<count])
            if let maximumBytes, bytes.count > maximumBytes { throw Refused(description: "\(path) is larger than \(maximumBytes) bytes") }
        }
        return bytes
    }

    /// Creates the folder `path` and any missing folders above it up to `root`, each a real folder: a
    /// component that is a link (even one pointing inside), a file or a device is refused, so nothing
    /// is created or written through a link. `path` must lie below `root`.
    public static func createFolders(_ path: String, within root: String) throws {
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        guard target == base || target.hasPrefix(base == "/" ? "/" : base + "/") else {
            throw Refused(description: "\(path) is outside \(root); track writes only inside the workspace")
        }
        guard let realRoot = realPath(base) else {
            throw Refused(description: "cannot reach \(root): \(String(cString: strerror(errno)))")
        }
        var folder = open(realRoot, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw Refused(description: "cannot open \(root): \(String(cString: strerror(errno)))") }
        defer { close(folder) }
        var reached = base
        for component in target.dropFirst(base.count).split(separator: "/").map(String.init) {
            reached += "/" + component
            if mkdirat(folder, component, 0o755) != 0, errno != EEXIST {
                throw Refused(description: "cannot create \(reached): \(String(cString: strerror(errno)))")
            }
            let next = openat(folder, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else {
                var status = stat()
                let what = fstatat(folder, component, &status, AT_SYMLINK_NOFOLLOW) == 0 ? kind(status.st_mode) : "not reachable"
                throw Refused(
                    description: "\(reached) is \(what), not a folder; track writes only into real folders of the workspace: move it aside")
            }
            close(folder)
            folder = next
        }
    }

    /// A file type for messages.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }

    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the real path `path` is `root` (resolved) or below it.
    public static func isInside(_ path: String, root: String) -> Bool {
        guard let realRoot = realPath(root) else { return false }
        return path == realRoot || path.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/")
    }
}
