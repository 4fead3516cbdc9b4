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

            Examples:
              track init
              track init ~/forecasts
            """
    )

    @Argument(help: ArgumentHelp("The folder (created when missing). Default: the current one.", valueName: "dir")) var directory: String = "."

    /// The example forecast's evaluator: the built-in threshold plugin on the example indicator.
    static let exampleEvaluator = "threshold: {indicator: \(WorkspaceTemplate.indicatorID), target: 0.5}"

    func run() throws {
        let template = WorkspaceTemplate(evaluate: Self.exampleEvaluator, today: Console.today)
        let manager = FileManager.default
        let existing = template.files.map(\.path).filter { manager.fileExists(atPath: directory + "/" + $0) }
        guard existing.isEmpty else {
            throw ValidationError("\(directory) already has \(existing.joined(separator: ", ")); track init writes into a new or empty folder only")
        }
        do {
            for file in template.files {
                let path = directory + "/" + file.path
                try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try AtomicFile.write(file.text, to: path)
            }
        } catch {
            Console.printError("track: cannot create the workspace in \(directory): \(error)")
            throw ExitCode(73)
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
}
