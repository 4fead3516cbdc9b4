import Foundation
import TestSupport
import Testing

/// Where `track report` writes: a folder by default for HTML (never a page dumped on a terminal), standard
/// output when asked with `-`, and a named file or folder as before.
@Suite("Report output")
struct ReportOutputTests {
    private func workspace() throws -> TemporaryWorkspace {
        try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(SampleFiles.prediction), "indicators/price.yaml": SampleFiles.priceIndicator,
        ])
    }

    @Test("without --output the HTML report goes to track-report/index.html, its path printed, nothing on standard output")
    func defaultFolder() throws {
        let workspace = try workspace()
        let result = try TrackProcess.run(["report"], in: workspace.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout.prefix(200))")
        #expect(result.stderr.contains("wrote track-report/index.html"), "\(result.stderr)")
        let page = try String(contentsOfFile: workspace.path("track-report/index.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
    }

    @Test("--output - writes the page to standard output and no file")
    func standardOutput() throws {
        let workspace = try workspace()
        let result = try TrackProcess.run(["report", "--output", "-"], in: workspace.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path("track-report")))
    }

    @Test("--output FILE writes that file; --output DIR/ writes DIR/index.html; Markdown without --output is printed")
    func namedOutputs() throws {
        let workspace = try workspace()
        let file = try TrackProcess.run(["report", "--output", "page.html"], in: workspace.root)
        #expect(file.status == 0 && file.stderr.contains("wrote page.html"), "\(file.stderr)")
        #expect(try String(contentsOfFile: workspace.path("page.html"), encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let folder = try TrackProcess.run(["report", "--output", "site/"], in: workspace.root)
        #expect(folder.status == 0 && folder.stderr.contains("wrote site/index.html"), "\(folder.stderr)")
        let markdown = try TrackProcess.run(["report", "--format", "markdown"], in: workspace.root)
        #expect(markdown.status == 0 && markdown.stdout.hasPrefix("# "), "\(markdown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("track-report")))
    }

    @Test("a file where the report's folder goes is named, with what to do; exit 73, the file left as it was")
    func fileInTheWay() throws {
        let workspace = try workspace()
        try workspace.write("track-report", "notes\n")
        let output = try TrackProcess.run(["report"], in: workspace.root)
        #expect(output.status == 73, "\(output.stderr)")
        #expect(output.stderr.contains("track-report is a file, not a folder"), "\(output.stderr)")
        #expect(try String(contentsOfFile: workspace.path("track-report"), encoding: .utf8) == "notes\n")
    }
}
