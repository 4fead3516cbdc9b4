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
            track update --quiet and track evaluate --quiet, publishes the report (the run's summary, an artifact, \
            Pages where enabled), and commits history/ and indicators/ back when they changed. In a folder that \
            already holds a workspace, only the job is written. The job builds track pinned to this version's \
            release tag (\(TrackVersion.current)) in \(TrackPin.releaseRepository); --track-source URL and \
            --track-ref TAG|COMMIT pin another. A repository that holds track's source builds itself.

            Examples:
              track init
              track init ~/forecasts
              track init --ci github
              track init --ci gitlab --track-ref 0.1.0 \\
                --track-source https://example.com/you/track.git
            """
    )

    @Argument(help: ArgumentHelp("The folder (created when missing). Default: the current one.", valueName: "dir")) var directory: String =
        "."
    @Option(help: ArgumentHelp("Also write a scheduled CI job: github or gitlab.", valueName: "provider")) var ci: CIWorkflow.Provider?
    @Option(
        help: ArgumentHelp("With --ci: a git URL of track's source to build. Default: \(TrackPin.releaseRepository).", valueName: "url"))
    var trackSource: String?
    @Option(
        help: ArgumentHelp(
            "With --ci: the release tag or full commit hash of track to build. Default: \(TrackVersion.current).", valueName: "ref"))
    var trackRef: String?

    func validate() throws {
        if trackSource != nil, ci == nil { throw ValidationError("--track-source goes with --ci github|gitlab") }
        if trackRef != nil, ci == nil { throw ValidationError("--track-ref goes with --ci github|gitlab") }
    }

    /// The example forecast's evaluator: the built-in threshold plugin on the example indicator.
    static let exampleEvaluator = "threshold: {indicator: \(WorkspaceTemplate.indicatorID), target: 0.5}"

    func run() throws {
        let setup = WorkspaceInit(
            directory: directory, today: Console.today, evaluate: Self.exampleEvaluator, ci: ci, trackSource: trackSource,
            trackRef: trackRef)
        let written = try perform { () throws(TrackError) in try setup.run() }
        if let job = written.job {
            let build = written.pin.map { "it builds track \($0.ref) from \($0.source) (--track-source, --track-ref change it)" }
            Console.print(
                "wrote \(Console.displayPath(job)): \(build ?? "it builds track from this repository"); commit it; "
                    + "docs/teams.md says how to publish the report and get notified")
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
