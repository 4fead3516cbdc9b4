import Foundation
import TestSupport
import Testing

/// The shipped workspace's HTML report, rendered by a real browser (headless Chromium).
@Suite("Report in a browser")
struct ReportBrowserTests {
    /// Debian's `chromium`, when installed (`.ci/run` installs it).
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The forecast ids of the shipped predictions.yaml, read from its text (two-space list items under `predictions:`).
    static func shippedForecastIDs() throws -> [String] {
        let text = try String(contentsOfFile: TrackProcess.repositoryRoot + "/predictions.yaml", encoding: .utf8)
        var inPredictions = false
        var ids: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("predictions:") {
                inPredictions = true
            } else if let first = line.first, !first.isWhitespace, first != "#" {
                inPredictions = false
            }
            if inPredictions, line.hasPrefix("  - id: ") {
                ids.append(String(line.dropFirst("  - id: ".count)).trimmingCharacters(in: .whitespaces))
            }
        }
        return ids
    }

    /// A copy of the shipped workspace in a temporary folder, so that runs write nothing into the repository.
    static func shippedWorkspaceCopy() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("track-report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for name in ["predictions.yaml", "track.yaml", "indicators", "catalog", "plugins"]
        where FileManager.default.fileExists(atPath: TrackProcess.repositoryRoot + "/" + name) {
            try FileManager.default.copyItem(atPath: TrackProcess.repositoryRoot + "/" + name, toPath: root + "/" + name)
        }
        return root
    }

    static func runChromium(_ arguments: [String]) throws -> TrackProcess.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                "--enable-logging=stderr", "--v=0",
            ] + arguments
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: profile) }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = profile.path  // its profile, away from the user's
        process.environment = environment
        return try TrackProcess.capture(process)
    }

    @Test(
        "every forecast has its section and charts in the rendered page, nothing fails to load, and a screenshot is saved",
        .enabled(if: chromium != nil, "Chromium is not installed (apt-get install chromium; .ci/run does): the browser test is skipped"))
    func rendersInChromium() throws {
        let workspace = try Self.shippedWorkspaceCopy()
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        // Given a history: backtests every month since the article, then today's recorded run.
        #expect(
            try TrackProcess.run(["evaluate", "--backfill", "--from", "2026-06-15", "--every", "4w", "--quiet"], in: workspace).status == 0)
        #expect(try TrackProcess.run(["evaluate", "--quiet"], in: workspace).status == 0)
        let written = try TrackProcess.run(["report", "--output", workspace + "/out/"], in: workspace)
        #expect(written.status == 0, "\(written.stderr)")
        let page = workspace + "/out/report.html"

        // When Chromium loads it and dumps the DOM it built.
        let dump = try Self.runChromium(["--dump-dom", URL(fileURLWithPath: page).absoluteString])
        #expect(dump.status == 0, "\(dump.stderr)")
        let dom = dump.stdout

        // Then every forecast has a section holding its indicator charts and its probability chart.
        let ids = try Self.shippedForecastIDs()
        #expect(ids.count >= 10)
        for id in ids {
            guard let start = dom.range(of: "id=\"forecast-\(id)\"") else {
                Issue.record("no section for \(id)")
                continue
            }
            let section = dom[start.upperBound...].prefix { _ in true }
            let end = section.range(of: "</section>")?.lowerBound ?? section.endIndex
            let body = section[..<end]
            #expect(body.contains("class=\"chart probability-chart\""), "\(id): no probability chart")
            #expect(body.components(separatedBy: "<svg xmlns").count - 1 >= 1, "\(id): no chart drawn")
            #expect(body.contains("<title>"), "\(id): a chart without a title")
        }
        // Forecasts that read an indicator show it: the first shipped forecast reads three.
        #expect(dom.components(separatedBy: "class=\"chart indicator-chart\"").count - 1 >= ids.count / 2)
        // Nothing to fetch, and nothing failed to load.
        for resource in [" src=\"", "<link ", "<script", "url(", "@import"] { #expect(!dom.contains(resource), "\(resource)") }
        for failure in ["Failed to load resource", "net::ERR_", "Uncaught"] { #expect(!dump.stderr.contains(failure), "\(failure)") }

        // And a screenshot for a person to look at.
        let shots = FileManager.default.temporaryDirectory.appendingPathComponent("track-report-screenshots").path
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        let screenshot = shots + "/report.png"
        try? FileManager.default.removeItem(atPath: screenshot)
        let shot = try Self.runChromium([
            "--screenshot=\(screenshot)", "--window-size=1200,3200", URL(fileURLWithPath: page).absoluteString,
        ])
        #expect(shot.status == 0, "\(shot.stderr)")
        let png = try #require(FileManager.default.contents(atPath: screenshot))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        print("report screenshot: \(screenshot)")
    }

    @Test("Markdown into a folder writes report.md and every chart it links to")
    func markdownFolder() throws {
        let workspace = try Self.shippedWorkspaceCopy()
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        let result = try TrackProcess.run(["report", "--format", "markdown", "--output", workspace + "/site/"], in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: workspace + "/site/report.md", encoding: .utf8)
        let links = text.components(separatedBy: "](charts/").dropFirst().map { "charts/" + $0.prefix { $0 != ")" } }
        #expect(links.count >= (try Self.shippedForecastIDs()).count)
        for link in links {
            let svg = try String(contentsOfFile: workspace + "/site/" + link, encoding: .utf8)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox="), "\(link)")
        }
    }
}
