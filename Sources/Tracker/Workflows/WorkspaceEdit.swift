import Foundation
import TrackCore

/// The one way a command changes a file of the workspace: under the workspace's write lock, the file
/// read again through the guarded reader (a regular file inside the workspace, no FIFO, no link out),
/// the change computed and checked by the caller, then written in one atomic step (or not at all in a
/// dry run). Used by record, import, update, resolve, say and add-indicator.
public struct WorkspaceEdit {
    /// The workspace's directory.
    public let root: String
    /// The file to change.
    public let path: String
    /// Seconds to wait for another writer's lock before giving up (exit 75).
    public var lockTimeout = 30.0

    public init(root: String, path: String) {
        self.root = root
        self.path = path
    }

    /// What a change does to the text: the new text (nil: nothing to write) and what to report.
    public struct Change<Result> {
        public var text: String?
        public var result: Result

        public init(text: String?, result: Result) {
            self.text = text
            self.result = result
        }
    }

    /// Reads the file under the lock (or takes `missing` as its text when it does not exist yet), applies
    /// `change` and writes what it returns unless `dryRun`. A dry run takes no lock and writes nothing.
    public func perform<Result>(
        dryRun: Bool, missing: String? = nil, _ change: (String) throws(TrackError) -> Change<Result>
    ) throws(TrackError) -> Result {
        let lock: WorkspaceLock? =
            try dryRun
            ? nil
            : TrackError.converting {
                try WorkspaceLock(workspace: root, purpose: .write, timeout: lockTimeout)
            }
        return try withExtendedLifetime(lock) { () throws(TrackError) -> Result in
            let text: String
            if let missing, !FileManager.default.fileExists(atPath: path) {
                text = missing
            } else {
                // Read again under the lock: another writer may have changed the file since it was loaded.
                text = try TrackError.converting { try WorkspaceFile.read(path, within: root) }
            }
            let outcome = try change(text)
            if !dryRun, let newText = outcome.text {
                try TrackError.converting {
                    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try AtomicFile.write(newText, to: path, within: root)
                }
            }
            return outcome.result
        }
    }
}
