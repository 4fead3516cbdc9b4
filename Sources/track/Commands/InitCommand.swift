import ArgumentParser
import Foundation
import Tracker

/// `track init [DIR]`: a new workspace that works at once.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: predictions.yaml with an example forecast, one indicator, track.yaml, schemas and a .gitignore.",
        discussion: """
            Nothing is overwritten: a folder that already holds any of the files is refused.

            --ci github|gitlab also writes a scheduled CI job at the root of the git repository the folder is in \
            (.github/workflows/track.yml or .gitlab-ci.yml): every morning it builds track, runs track validate, \
            track update --quiet and track evaluate --quiet, writes report.html, and commits history/, indicators/ \
            and the report back. In a folder that \
            already holds a workspace, only the job is written. The job builds track from the repository itself \
            when it holds track's source, else from --track-source URL (a git URL of track's source).

            Examples:
              track init
              track init ~/forecasts
              track init --ci github
              track init --ci gitlab --track-source https://example.com/track.git
            """
    )

    @Argument(help: ArgumentHelp("The folder (created when missing). Default: the current one.", valueName: "dir")) var directory: String = "."
    @Option(help: ArgumentHelp("Also write a scheduled CI job: github or gitlab.", valueName: "provider")) var ci: CIWorkflow.Provider?
    @Option(help: ArgumentHelp("With --ci: a git URL of track's source, for a repository that does not hold it.", valueName: "url"))
    var trackSource: String?

    func validate() throws {
        if trackSource != nil, ci == nil { throw ValidationError("--track-source goes with --ci github|gitlab") }
    }

    /// The example forecast's evaluator: the built-in threshold plugin on the example indicator.
    static let exampleEvaluator = "threshold: {indicator: \(WorkspaceTemplate.indicatorID), target: 0.5}"

    func run() throws {
        let template = WorkspaceTemplate(evaluate: Self.exampleEvaluator, today: Console.today)
        let manager = FileManager.default
        let addsJobOnly = ci != nil && manager.fileExists(atPath: directory + "/predictions.yaml")
        var files: [(path: String, text: String)] = addsJobOnly ? [] : template.files.map { (directory + "/" + $0.path, $0.text) }
        let existing = files.map(\.path).filter { manager.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            throw ValidationError("\(directory) already has \(existing.map { String($0.dropFirst(directory.count + 1)) }.joined(separator: ", ")); "
                + "track init writes into a new or empty folder only (with --ci, into a workspace: only the CI job)")
        }
        if let ci { files.append(try job(ci)) }
        do {
            for file in files {
                try manager.createDirectory(atPath: (file.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try AtomicFile.write(file.text, to: file.path)
            }
        } catch {
            Console.printError("track: cannot create the workspace in \(directory): \(error)")
            throw ExitCode(73)
        }
        if let job = files.last, ci != nil {
            Console.print("wrote \(Console.displayPath(job.path)): commit it; the README's Teams section says how to publish the report and get notified")
            if addsJobOnly { return }
        }
        let flag = directory == "." ? "" : " -w \(directory.contains(" ") ? "'\(directory)'" : directory)"
        Console.print("""
            created a workspace in \(directory): predictions.yaml, indicators/\(WorkspaceTemplate.indicatorID).yaml, track.yaml, schema/, .gitignore
            next:
              track\(flag) status
              track\(flag) record \(WorkspaceTemplate.indicatorID) 0.8 --source https://example.com/where-you-read-it
              track\(flag) evaluate
            """)
    }

    /// The CI job for `provider`, at the root of the repository the folder is in (or of the folder).
    private func job(_ provider: CIWorkflow.Provider) throws -> (path: String, text: String) {
        var existing = URL(fileURLWithPath: directory).standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            missing.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        let folder = ([existing.resolvingSymlinksInPath().path] + missing).joined(separator: "/")
        let root = GitCommit.topLevel(in: existing.path).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } ?? folder
        let workspace = folder == root ? "." : folder.hasPrefix(root + "/") ? String(folder.dropFirst(root.count + 1)) : "."
        let package = (try? String(contentsOfFile: root + "/Package.swift", encoding: .utf8)) ?? ""
        let holdsSource = package.contains(#"name: "track""#)
        guard holdsSource || trackSource != nil else {
            throw ValidationError(
                "\(Console.displayPath(root)) does not hold track's source (Package.swift): give --track-source URL, a git URL of it, for the job to build")
        }
        let workflow = CIWorkflow(provider: provider, workspace: workspace, trackSource: trackSource)
        let path = root + "/" + workflow.path
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("\(Console.displayPath(path)) exists already; track init --ci changes no file: move it aside first")
        }
        return (path, workflow.text)
    }
}

extension CIWorkflow.Provider: ExpressibleByArgument {}
