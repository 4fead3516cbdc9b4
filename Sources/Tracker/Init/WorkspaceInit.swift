import Foundation
import TrackCore

/// `track init`: a new workspace in a new or empty folder, and optionally a scheduled CI job at the root
/// of the repository the folder is in (only the job, when the folder is a workspace already).
public struct WorkspaceInit {
    /// The folder to create the workspace in.
    public let directory: String
    /// The day the example forecast is made.
    public let today: Day
    /// The example forecast's `evaluate:` (a built-in plugin; the template names none).
    public let evaluate: String
    public var ci: CIWorkflow.Provider?
    /// A git URL of track's source to build (nil: the repository's own when it holds it, else the release repository).
    public var trackSource: String?
    /// The release tag or commit of track to build (nil: the version that writes the job).
    public var trackRef: String?

    public init(
        directory: String, today: Day, evaluate: String, ci: CIWorkflow.Provider? = nil, trackSource: String? = nil,
        trackRef: String? = nil
    ) {
        self.directory = directory
        self.today = today
        self.evaluate = evaluate
        self.ci = ci
        self.trackSource = trackSource
        self.trackRef = trackRef
    }

    /// What was written.
    public struct Written: Sendable {
        /// Whether a workspace was created (false: only the CI job, into an existing workspace).
        public var workspace: Bool
        /// The CI job's path, when one was written.
        public var job: String?
        /// The track the job builds, when it is pinned (nil: the repository's own source).
        public var pin: TrackPin?
    }

    /// Writes the files; a usage error when any of them exists already, 73 when they cannot be written.
    public func run() throws(TrackError) -> Written {
        let manager = FileManager.default
        let addsJobOnly = ci != nil && manager.fileExists(atPath: directory + "/" + WorkspaceLocator.predictionsFile)
        let template = WorkspaceTemplate(evaluate: evaluate, today: today)
        let files: [(path: String, text: String)] = addsJobOnly ? [] : template.files.map { (directory + "/" + $0.path, $0.text) }
        let existing = files.map(\.path).filter { manager.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            throw TrackError(
                .usage,
                "\(directory) already has \(existing.map { String($0.dropFirst(directory.count + 1)) }.joined(separator: ", ")); "
                    + "track init writes into a new or empty folder only (with --ci, into a workspace: only the CI job)")
        }
        var job: (path: String, text: String, root: String, pin: TrackPin?)?
        if let ci { job = try self.job(ci) }
        try TrackError.converting(exit: .cannotCreate, context: "cannot create the workspace in \(directory)") {
            if !files.isEmpty { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            // Only into real folders inside the target: a linked schema/ or .github/workflows/ is refused.
            for file in files {
                try WorkspaceFile.createFolders((file.path as NSString).deletingLastPathComponent, within: directory)
                try AtomicFile.write(file.text, to: file.path, within: directory)
            }
            if let job {
                try WorkspaceFile.createFolders((job.path as NSString).deletingLastPathComponent, within: job.root)
                try AtomicFile.write(job.text, to: job.path, within: job.root)
            }
        }
        return Written(workspace: !addsJobOnly, job: job?.path, pin: job?.pin)
    }

    /// The CI job for `provider`, at the root of the repository the folder is in (or of the folder).
    private func job(_ provider: CIWorkflow.Provider) throws(TrackError) -> (path: String, text: String, root: String, pin: TrackPin?) {
        var existing = URL(fileURLWithPath: directory).standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            missing.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        let folder = ([existing.resolvingSymlinksInPath().path] + missing).joined(separator: "/")
        let root = GitCommit.topLevel(in: existing.path).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } ?? folder
        let workspace = folder == root ? "." : folder.hasPrefix(root + "/") ? String(folder.dropFirst(root.count + 1)) : "."
        // The folder's name goes into YAML, shell lines and (GitHub) expressions: `${{ ... }}` in it would run there.
        guard CIWorkflow.isSafeFolder(workspace) else {
            throw TrackError(
                .usage,
                "the workspace's folder '\(TerminalText.excerpt(workspace))' holds characters a CI job cannot carry safely ($, {, }, quotes, "
                    + "backslashes, control characters); rename it to letters, digits, spaces and . _ - / only")
        }
        // A repository holding track's source builds itself, unless a pin is asked for; any other builds a pinned
        // release: this version's tag, or the tag or commit given.
        let package = (try? String(contentsOfFile: root + "/Package.swift", encoding: .utf8)) ?? ""
        let holdsSource = package.contains(#"name: "track""#)
        var pin: TrackPin?
        if !holdsSource || trackSource != nil || trackRef != nil { pin = try TrackPin.checked(source: trackSource, ref: trackRef) }
        let workflow = CIWorkflow(provider: provider, workspace: workspace, pin: pin)
        let path = root + "/" + workflow.path
        guard !FileManager.default.fileExists(atPath: path) else {
            throw TrackError(.usage, "\(DisplayPath.relative(path)) exists already; track init --ci changes no file: move it aside first")
        }
        return (path, workflow.text, root, pin)
    }
}
