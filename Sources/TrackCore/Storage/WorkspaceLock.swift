import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a workspace (flock on a file under `.track/`), held until released or
/// until the process ends, so a crash never leaves it stuck.
public final class WorkspaceLock {
    /// Locks serve different purposes and do not block each other.
    public enum Purpose: String, Sendable {
        /// Editing files (record, resolve, add-indicator): writers queue up.
        case write
        /// An evaluation run: a second run does not wait, it reports "busy".
        case evaluate
    }

    /// The lock is held by another process.
    public struct Busy: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "another track process holds \(path); try again when it has finished (exit code 75)"
        }
    }

    /// The lock file cannot be created or opened.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    private let descriptor: Int32
    public let path: String

    /// Takes the lock, waiting up to `timeout` seconds (0: not at all); throws `Busy` when it stays held.
    public init(workspace root: String, purpose: Purpose, timeout: Double) throws {
        let directory = root + "/" + Workspace.stateDirectory
        var status = stat()
        if lstat(directory, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw Unavailable(
                    description:
                        "\(directory) is not a folder (\(WorkspaceFile.kind(status.st_mode))); track keeps its locks and history there: move it aside"
                )
            }
        } else {
            guard mkdir(directory, 0o755) == 0 || errno == EEXIST else {
                throw Unavailable(description: "cannot create \(directory): \(String(cString: strerror(errno)))")
            }
        }
        path = directory + "/\(purpose.rawValue).lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Unavailable(description: "cannot open the lock \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(descriptor)
                throw Busy(path: path)
            }
            usleep(20_000)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
