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

    /// Where the screenshots go: one folder per test run, printed so that a person can look at them.
    static let screenshots: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("track-report-screenshots-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }()

    /// What the page's check script found in one chart.
    struct ChartCheck: Decodable {
        /// The forecast's section and the chart (`inference-cost-10x / deepseek-api-output-price`).
        var chart: String
        /// `numeric`, `state` or `probability` (the chart's `data-axis`).
        var axis: String
        var empty: Bool
        /// Whether a target line (`line.rule.target`) is drawn.
        var target: Bool
        /// Whether the series the forecast is about is drawn (an element classed `subject`) and the layer's points
        /// have a highlighted series besides the grey ones (or no grey ones).
        var subject: Bool
        /// Pairs of texts whose boxes overlap, and labels that cover a drawn point.
        var overlaps: [String]
        var texts: Int
        var points: Int
    }

    /// A script added at the end of a copy of the page: it clicks every sortable table's headers (an error there is
    /// reported as a failed check), then for every chart it reads from the laid-out DOM the
    /// bounding box of each text (getBoundingClientRect) and the place of each point (circles, and the points
    /// of the shared layers, placed by the `<use>` element's screen matrix), and writes what it found as JSON
    /// into `<pre id="layout-check">`, which `--dump-dom` returns.
    static let checkScript = #"""
        <script>
        (() => {
          // Sorting: every sortable header clicked twice; an error in a click handler is reported as the page's.
          const sortErrors = [];
          window.addEventListener("error", event => sortErrors.push(event.message));
          for (const th of document.querySelectorAll("table.sortable th")) { th.click(); th.click(); }
          const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
          const results = [];
          for (const figure of document.querySelectorAll("figure.chart")) {
            const svg = figure.querySelector("svg.chart");
            const section = figure.closest("section");
            const chart = (section ? section.id.replace(/^forecast-/, "") : "page") + " / " + (figure.dataset.indicator || figure.className);
            const texts = [...svg.querySelectorAll("text")].filter(t => t.textContent.trim() !== "")
              .map(t => ({ text: t.textContent, box: t.getBoundingClientRect(), label: t.classList.contains("label") }));
            const points = [];
            for (const circle of svg.querySelectorAll("g.points circle")) {
              const box = circle.getBoundingClientRect();
              points.push({ x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 });
            }
            let background = false, highlighted = false;
            for (const use of svg.querySelectorAll("use")) {
              const layer = document.querySelector(use.getAttribute("href"));
              const matrix = use.getScreenCTM();
              for (const path of layer.querySelectorAll("path.points")) {
                background = background || path.classList.contains("background");
                highlighted = highlighted || path.classList.contains("highlighted");
                for (const [, x, y] of path.getAttribute("d").matchAll(/M(-?[\d.]+) (-?[\d.]+)/g)) {
                  const point = new DOMPoint(+x, +y).matrixTransform(matrix);
                  points.push({ x: point.x, y: point.y });
                }
              }
            }
            const overlaps = [];
            for (let i = 0; i < texts.length; i++) {
              for (let j = i + 1; j < texts.length; j++) {
                if (overlap(texts[i].box, texts[j].box)) overlaps.push(`"${texts[i].text}" overlaps "${texts[j].text}"`);
              }
              if (!texts[i].label) continue;
              const box = texts[i].box;
              const covered = points.filter(p => p.x > box.left - 1 && p.x < box.right + 1 && p.y > box.top - 1 && p.y < box.bottom + 1);
              if (covered.length > 0) overlaps.push(`"${texts[i].text}" covers ${covered.length} point(s)`);
            }
            results.push({
              chart, axis: svg.dataset.axis, empty: svg.dataset.empty === "true",
              target: svg.querySelector("line.rule.target") !== null,
              subject: svg.querySelector(".subject") !== null && (highlighted || !background),
              overlaps, texts: texts.length, points: points.length,
            });
          }
          if (sortErrors.length > 0) {
            results.push({ chart: "sortable tables", axis: "none", empty: true, target: false, subject: false,
              overlaps: sortErrors.map(message => `clicking a header failed: ${message}`), texts: 0, points: 0 });
          }
          const out = document.createElement("pre");
          out.id = "layout-check";
          out.textContent = JSON.stringify(results);
          document.body.appendChild(out);
        })();
        </script>
        """#

    /// Loads `page` with the check script in Chromium and returns what it found; saves a screenshot of the page as
    /// `name.png` in `screenshots`.
    static func checkLayout(of page: String, name: String, windowHeight: Int) throws -> [ChartCheck] {
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let checked = (page as NSString).deletingLastPathComponent + "/checked.html"
        try html.replacingOccurrences(of: "</body>", with: checkScript + "</body>").write(
            toFile: checked, atomically: true, encoding: .utf8)
        let dump = try runChromium(["--window-size=1200,\(windowHeight)", "--dump-dom", URL(fileURLWithPath: checked).absoluteString])
        #expect(dump.status == 0, "\(dump.stderr)")
        for failure in ["Failed to load resource", "net::ERR_", "Uncaught"] { #expect(!dump.stderr.contains(failure), "\(failure)") }
        let start = try #require(dump.stdout.range(of: "<pre id=\"layout-check\">"), "the check script did not run")
        let end = try #require(dump.stdout[start.upperBound...].range(of: "</pre>"))
        let json = dump.stdout[start.upperBound..<end.lowerBound]
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        let checks = try JSONDecoder().decode([ChartCheck].self, from: Data(json.utf8))

        let screenshot = screenshots + "/\(name).png"
        try? FileManager.default.removeItem(atPath: screenshot)
        let shot = try runChromium([
            "--screenshot=\(screenshot)", "--window-size=1200,\(windowHeight)", URL(fileURLWithPath: page).absoluteString,
        ])
        #expect(shot.status == 0, "\(shot.stderr)")
        let png = try #require(FileManager.default.contents(atPath: screenshot))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        print("report screenshot: \(screenshot)")
        return checks
    }

    /// The checks every report must pass: each numeric chart with observations has a target line and its subject
    /// highlighted; no text overlaps another, and no label covers a point, in any chart.
    static func expectReadableCharts(_ checks: [ChartCheck]) {
        for check in checks {
            #expect(check.overlaps.isEmpty, "\(check.chart): \(check.overlaps.joined(separator: "; "))")
            guard check.axis == "numeric", !check.empty else { continue }
            #expect(check.target, "\(check.chart): no target line")
            #expect(check.subject, "\(check.chart): the forecast's subject is not drawn or not highlighted")
        }
    }

    @Test(
        "every forecast has its section and charts in the rendered page; numeric charts have a target line and a highlighted subject; no text overlaps; a screenshot is saved",
        .enabled(if: chromium != nil, "Chromium is not installed (apt-get install chromium; .ci/run does): the browser test is skipped"))
    func rendersInChromium() throws {
        let copy = try TemporaryWorkspace.shippedCopy()
        let workspace = copy.root
        // Given a history: backtests every month since the article, then today's recorded run.
        #expect(
            try TrackProcess.run(["evaluate", "--backfill", "--from", "2026-06-15", "--every", "4w", "--quiet"], in: workspace).status == 0)
        #expect(try TrackProcess.run(["evaluate", "--quiet"], in: workspace).status == 0)
        let written = try TrackProcess.run(["report"], in: workspace)
        #expect(written.status == 0, "\(written.stderr)")
        let page = workspace + "/track-report/index.html"

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
        // Nothing to fetch, and nothing failed to load; the one script is inline.
        for resource in [" src=\"", "<link ", "url(", "@import"] { #expect(!dom.contains(resource), "\(resource)") }
        #expect(dom.components(separatedBy: "<script").count - 1 == 1)
        for failure in ["Failed to load resource", "net::ERR_", "Uncaught"] { #expect(!dump.stderr.contains(failure), "\(failure)") }

        // And every chart is readable, checked on the laid-out page; a screenshot for a person to look at.
        let checks = try Self.checkLayout(of: page, name: "shipped-workspace", windowHeight: 16_000)
        #expect(checks.count >= ids.count * 2)
        #expect(checks.filter { $0.axis == "numeric" && !$0.empty }.count >= 15)
        #expect(checks.allSatisfy { $0.texts > 0 })
        Self.expectReadableCharts(checks)
    }

    @Test(
        "a forecast with a plain-number target: its chart has the target line, the subject highlighted and no overlapping text",
        .enabled(if: chromium != nil, "Chromium is not installed (apt-get install chromium; .ci/run does): the browser test is skipped"))
    func plainNumberTarget() throws {
        let workspace = try TemporaryWorkspace(ReportFixtures.plainTargets)
        let written = try TrackProcess.run(["report", "--as-of", "2026-12-07"], in: workspace.root)
        #expect(written.status == 0, "\(written.stderr)")
        let page = workspace.path("track-report/index.html")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        // The target lines are where the forecasts put them, named by their value.
        #expect(html.contains("<title>target 0.5 share</title>"), "the threshold's target line")
        #expect(html.contains("<title>target 1 usd_per_mtok</title>"), "the capability price's target line")
        #expect(html.contains("<title>target 0.5 usd_per_mtok</title>"), "m2's target line")
        // The deadline, written as a day, is said once.
        #expect(html.contains("<dd>2027-06-30 (205 days left)</dd>"))

        let checks = try Self.checkLayout(of: page, name: "plain-number-target", windowHeight: 5_000)
        let numeric = checks.filter { $0.axis == "numeric" }
        #expect(
            numeric.map(\.chart) == [
                "adoption-half / adoption", "capable-and-cheap / price", "capable-and-cheap / score", "m2-halves / price",
            ])
        Self.expectReadableCharts(checks)
    }

    @Test("Markdown into a folder writes report.md and every chart it links to")
    func markdownFolder() throws {
        let copy = try TemporaryWorkspace.shippedCopy()
        let workspace = copy.root
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
