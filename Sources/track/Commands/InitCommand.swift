import ArgumentParser
import Foundation
import TrackCore
import TrackEngine
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

    @Argument(help: ArgumentHelp("The folder (created when missing). Default: the current one.", valueName: "dir")) var directory: String =
        "."
    @Option(help: ArgumentHelp("Also write a scheduled CI job: github or gitlab.", valueName: "provider")) var ci: CIWorkflow.Provider?
    @Option(help: ArgumentHelp("With --ci: a git URL of track's source, for a repository that does not hold it.", valueName: "url"))
    var trackSource: String?

    func validate() throws {
        if trackSource != nil, ci == nil { throw ValidationError("--track-source goes with --ci github|gitlab") }
    }

    /// The example forecast's evaluator: the built-in threshold plugin on the example indicator.
    static let exampleEvaluator = "threshold: {indicator: \(WorkspaceTemplate.indicatorID), target: 0.5}"

    func run() throws {
        let setup = WorkspaceInit(
            directory: directory, today: Console.today, evaluate: Self.exampleEvaluator, ci: ci, trackSource: trackSource)
        let written = try perform { () throws(TrackError) in try setup.run() }
        if let job = written.job {
            Console.print("wrote \(Console.displayPath(job)): commit it; docs/teams.md says how to publish the report and get notified")
        }
        guard written.workspace else { return }
        let flag = directory == "." ? "" : " -w \(directory.contains(" ") ? "'\(directory)'" : directory)"
        Console.print(
            """
            created a workspace in \(directory): predictions.yaml, indicators/\(WorkspaceTemplate.indicatorID).yaml, track.yaml, schema/, .gitignore
            next:
              track\(flag) status
              track\(flag) record \(WorkspaceTemplate.indicatorID) 0.8 --source https://example.com/where-you-read-it
              track\(flag) evaluate
            """)
    }
}

extension CIWorkflow.Provider: ExpressibleByArgument {}
