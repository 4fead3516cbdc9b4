import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

/// A test plugin that reads one indicator and projects it, as trend plugins do.
private struct Projecting: Evaluator {
    static let identifier = "projecting"
    static let description = EvaluatorDescription(summary: "Projects the latest value.", parameters: [], examples: [])
    let indicator: IndicatorDefinition

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(["indicator", "target"])
        let indicator = fields.required("indicator") { try parameters.numericIndicator($0) }
        _ = fields.optional("target") { try $0.double() }
        try fields.finishOrThrow()
        self.indicator = try fields.unwrap(indicator)
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let observations = context.observations(of: indicator)
        guard let latest = observations.last, let value = latest.value.number else { return .untestable("no data") }
        return .pending(
            0.4, "projected", evidence: [.observation(latest, of: indicator)],
            projection: Projection(day: context.forecast.deadline.day, value: value / 2, low: value / 8, high: value, coverage: 0.8))
    }
}

@Suite("Workspace report")
struct WorkspaceReportTests {
    private static let predictions = SampleFiles.predictions(
        """
          - id: cheaper-tokens
            statement: Tokens get <cheaper> & "faster".
            source: article
            made: 2026-06-15
            deadline: 2027-Q3
            probability: 0.6
            criteria: Yes if the price halves.
            evaluate:
              projecting: {indicator: price, target: 0.25}
          - id: soon
            statement: Something happens soon.
            source: article
            made: 2026-06-15
            deadline: 2026-12-31
            criteria: Yes if it happens.
          - id: settled
            statement: It happened.
            source: article
            made: 2026-01-01
            deadline: 2026-06-30
            probability: 0.8
            criteria: Yes if it happened.
            resolution: {outcome: yes, date: 2026-06-01, source: https://example.com/news}
        """)

    private func report(asOf: Day, history: [String: [HistoryStore.Point]] = [:]) throws -> (WorkspaceReport, TemporaryWorkspace) {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": Self.predictions,
            "indicators/price.yaml": SampleFiles.priceIndicator,
            "indicators/old.yaml": """
            name: An old series
            observations:
              - {date: 2026-01-01, value: 1, source: s}

            """,
        ])
        let result = fixture.load()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.rendered)")
        let engine = EvaluationEngine(workspace: result.workspace, registry: EvaluatorRegistry([Projecting.self]))
        return (WorkspaceReport(engine: engine, asOf: asOf, history: { history[$0] ?? [] }), fixture)
    }

    @Test("one section per forecast, with a chart per indicator read and a probability chart")
    func sections() throws {
        let (report, _) = try report(asOf: Day("2026-11-01")!)
        #expect(report.sections.map(\.prediction.id) == ["cheaper-tokens", "soon", "settled"])
        #expect(report.sections[0].indicatorCharts.map(\.indicator) == ["price"])
        #expect(report.sections[1].indicatorCharts.isEmpty)
        let chart = report.sections[0].indicatorCharts[0].chart
        // Observations per subject (the layer the forecasts reading the indicator share): the subject the evidence
        // names (v3) in colour, the other grey; the running best price as the series, then the projection line;
        // the band and the target from the configuration.
        let layer = try #require(chart.layer)
        #expect(layer.series.map(\.name) == ["1 other subject", "v3"])
        #expect(layer.series.map(\.colour) == [-1, 0])
        #expect(layer.series[0].points.count == 1 && layer.series[1].points.count == 2)
        #expect(chart.series.map(\.name) == ["best so far", "projection to 2027-09-30"])
        #expect(chart.series.map(\.isSubject) == [true, false])
        // Lows: 1.10 (2024-12-26), then 0.42 (2025-09-29); 0.90 later is no new low; held until the as-of day.
        #expect(chart.series[0].points.map(\.y) == [1.10, 1.10, 0.42, 0.42])
        #expect(chart.bands.count == 1)
        #expect(chart.bands[0].edges.last!.low == 0.9 / 8 && chart.bands[0].edges.last!.high == 0.9)
        #expect(chart.rules.map(\.y) == [0.25])
        #expect(chart.markers.map(\.kind) == [.made, .deadline, .asOf])
        #expect(chart.markers.map(\.x) == ["2026-06-15", "2027-09-30", "2026-11-01"].map { Double(Day($0)!.daysSinceEpoch) })
    }

    @Test("observations after the as-of day are left out of the charts")
    func asOfCut() throws {
        let (report, _) = try report(asOf: Day("2025-12-31")!)
        let chart = report.sections[0].indicatorCharts[0].chart
        #expect(chart.layer?.series[0].points.count == 1)  // the 2026-01-10 value of v3 is not known yet
    }

    @Test("forecasts that read an indicator with the same subjects share one layer of points; the page defines it once")
    func sharedLayers() throws {
        let forecasts = (1...3).map { index in
            """
              - id: f\(index)
                statement: S.
                source: article
                made: 2026-06-15
                deadline: 2027-Q3
                criteria: C.
                evaluate:
                  projecting: {indicator: price, target: 0.\(index)}
            """
        }
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(forecasts.joined(separator: "\n")),
            "indicators/price.yaml": SampleFiles.priceIndicator,
        ])
        let engine = EvaluationEngine(workspace: fixture.load().workspace, registry: EvaluatorRegistry([Projecting.self]))
        let report = WorkspaceReport(engine: engine, asOf: Day("2026-11-01")!) { _ in [] }
        #expect(report.layers.count == 1)
        #expect(Set(report.sections.compactMap { $0.indicatorCharts.first?.chart.layer?.id }) == [report.layers[0].id])
        // Each forecast's own target stays on its own chart.
        #expect(report.sections.map { $0.indicatorCharts[0].chart.rules.map(\.y) } == [[0.1], [0.2], [0.3]])
        let html = HTMLReportRenderer().render(report)
        #expect(html.components(separatedBy: "<g id=\"\(report.layers[0].id)\"").count - 1 == 1)
        #expect(html.components(separatedBy: "<use href=\"#\(report.layers[0].id)\"").count - 1 == 3)
    }

    @Test("a layer places each point where the chart would draw it itself")
    func layerPlacement() throws {
        let points = [SVGChart.Point(x: 19_000, y: 2), .init(x: 19_100, y: 40), .init(x: 19_400, y: 900)]
        for yAxis in [SVGChart.YAxis.linear(unit: "usd"), .log(unit: "usd")] {
            var own = SVGChart(title: "t", xAxis: .time, yAxis: yAxis)
            own.series = [.init(name: "s", points: points, mark: .points, colour: 0)]
            own.rules = [.init(name: "target", y: 1)]
            own.markers = [.init(kind: .deadline, x: 19_800, label: "deadline")]
            var shared = own
            shared.series = []
            shared.layer = SVGLayer(id: "l", series: own.series, isLog: yAxis == .log(unit: "usd"))
            // The circles the chart draws for its own series.
            let circles = own.render().components(separatedBy: "<circle cx=\"").dropFirst().prefix(points.count).map { part in
                let cx = Double(part.prefix { $0 != "\"" })!
                let cy = Double(part.components(separatedBy: "cy=\"")[1].prefix { $0 != "\"" })!
                return (cx, cy)
            }
            // The layer's coordinates, through the transform of the chart that references it.
            let svg = shared.render(layerDefinedElsewhere: true)
            let matrix = svg.components(separatedBy: "transform=\"matrix(")[1].prefix { $0 != ")" }.split(separator: " ").map {
                Double($0)!
            }
            let path = shared.layer!.definition().components(separatedBy: " d=\"")[1].prefix { $0 != "\"" }
            let placed = path.split(separator: "M").map { move -> (Double, Double) in
                let numbers = move.dropLast(2).split(separator: " ").map { Double($0)! }
                return (matrix[0] * numbers[0] + matrix[4], matrix[3] * numbers[1] + matrix[5])
            }
            #expect(placed.count == circles.count)
            for (layer, circle) in zip(placed, circles) {
                #expect(abs(layer.0 - circle.0) < 0.6 && abs(layer.1 - circle.1) < 0.6, "\(yAxis): \(layer) against \(circle)")
            }
        }
    }

    @Test("thinning keeps at most the limit: the first, the last, the running front and an even sample")
    func thinning() {
        var generator = SeededGenerator(seed: 11)
        let observations = (0..<10_000).map { index in
            Observation(
                date: Day(year: 2020, month: 1, day: 1)!.adding(days: index), subject: nil,
                value: .number(100 * exp(-Double(index) / 4_000) + 10 * generator.normal()), source: "s", note: nil, line: index + 1,
                column: 3)
        }
        let kept = ReportLayers.thinned(observations, toAtMost: 300, better: .lower)
        #expect(kept.count <= 300 && kept.count >= 290)
        #expect(kept.first?.line == 1 && kept.last?.line == 10_000)
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.line < $1.line })
        // The running front, computed here on its own: every record low is kept when there are at most 150.
        var best = Double.infinity
        var front: [Int] = []
        for observation in observations where observation.value.number! < best {
            best = observation.value.number!
            front.append(observation.line)
        }
        #expect(front.count <= 150)
        #expect(Set(front).isSubset(of: Set(kept.map(\.line))))
        #expect(ReportLayers.thinned(Array(observations.prefix(200)), toAtMost: 300, better: .lower).count == 200)
    }

    @Test("the summary counts statuses, lists what is due within 90 days and the stale indicators")
    func summary() throws {
        let (november, _) = try report(asOf: Day("2026-11-01")!)
        #expect(november.statusCounts.map(\.status) == [.met, .atRisk, .untestable])
        #expect(november.dueSoon.map(\.prediction.id) == ["soon"])  // 60 days left; settled is resolved
        // old.yaml: 304 days without an observation, over the default 180; price: 295 days since 2026-01-10.
        #expect(november.staleIndicators.map(\.id) == ["old", "price"])
        let (earlier, _) = try report(asOf: Day("2026-03-01")!)
        #expect(earlier.staleIndicators.isEmpty)
    }

    @Test("the probability chart tells recorded runs from backtests and ignores runs after the as-of day")
    func probabilityChart() throws {
        func point(_ day: String, _ kind: HistoryStore.RunKind, _ probability: Double) -> HistoryStore.Point {
            HistoryStore.Point(asOf: Day(day)!, recordedAt: Date(), kind: kind, status: .onTrack, probability: probability, summary: "")
        }
        let history = [
            "cheaper-tokens": [
                point("2026-07-01", .backtest, 0.5), point("2026-08-01", .backtest, 0.45), point("2026-09-01", .recorded, 0.4),
                point("2027-01-01", .recorded, 0.3),
            ]
        ]
        let (report, _) = try report(asOf: Day("2026-11-01")!, history: history)
        let chart = report.sections[0].probabilityChart
        #expect(chart.series.map(\.name) == ["recorded runs", "backtest runs"])
        #expect(chart.series[0].points.map(\.y) == [0.4])
        #expect(chart.series[1].points.map(\.y) == [0.5, 0.45])
        #expect(chart.rules.map(\.y) == [0.6])
        #expect(report.sections[0].historyCount == 3)
    }

    @Test("the HTML page is self-contained, escapes the forecasts' text and has every section")
    func html() throws {
        let (report, _) = try report(asOf: Day("2026-11-01")!)
        let html = HTMLReportRenderer().render(report)
        for forbidden in ["<link", " src=", "url(", "@import", "<cheaper>"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        // One script, inline: the one that sorts the tables.
        #expect(html.components(separatedBy: "<script").count - 1 == 1)
        #expect(html.contains("<script>\(HTMLReportRenderer.sortScript)</script>"))
        #expect(html.contains("Tokens get &lt;cheaper&gt; &amp; &quot;faster&quot;."))
        for id in ["cheaper-tokens", "soon", "settled"] { #expect(html.contains("<section class=\"forecast\" id=\"forecast-\(id)\"")) }
        // One indicator chart, three probability charts, one reliability diagram.
        #expect(html.components(separatedBy: "<svg xmlns").count - 1 == 1 + 3 + 1)
        // The indicator's points are defined once and referenced by its chart.
        #expect(html.components(separatedBy: "<g id=\"observations-").count - 1 == 1)
        #expect(html.components(separatedBy: "<use href=\"#observations-1\"").count - 1 == 1)
        #expect(html.contains("<a href=\"https://example.com/news\""))
        #expect(html.contains("id=\"scores\""))
        // The price indicator's latest observation (2026-01-10) is 295 days old on 2026-11-01, over the default 180.
        #expect(html.contains("<strong class=\"stale\">stale</strong>: no observation since 2026-01-10 (limit 180 days)"))
    }

    @Test("the reliability diagram labels each bin with its count")
    func reliability() {
        let bins = CalibrationBin.table([(0.15, false), (0.12, true), (0.8, true)])
        let svg = ReportCharts.reliability(bins, title: "Reliability").render()
        #expect(svg.contains(">n=2<") && svg.contains(">n=1<"))
        #expect(svg.contains("class=\"diagonal\""))
    }

    @Test("Markdown names each chart file it returns, and escapes text")
    func markdown() throws {
        let (report, _) = try report(asOf: Day("2026-11-01")!)
        let (text, charts) = MarkdownReportRenderer(chartFolder: "charts").render(report)
        #expect(charts.count == 5)
        for chart in charts {
            #expect(chart.path.hasPrefix("charts/") && chart.path.hasSuffix(".svg"))
            #expect(text.contains("](\(chart.path))"))
        }
        #expect(text.contains("Tokens get \\<cheaper\\> \\& \"faster\"."))
        #expect(MarkdownReportRenderer(chartFolder: nil).render(report).charts.isEmpty)
    }

    @Test("with many subjects, the forecast's own and those its evidence names are coloured, the rest drawn grey as one series")
    func manySubjects() {
        let subjects = (1...12).map { "m\($0)" }
        #expect(ReportCharts.highlighted(Array(subjects.prefix(7)), named: []) == Array(subjects.prefix(7)))
        // With none named, the last to appear (m12, m11, m10, m9, m8, m7, m6), in the series' order.
        #expect(ReportCharts.highlighted(subjects, named: []) == ["m6", "m7", "m8", "m9", "m10", "m11", "m12"])
        // Named ones only (m2, m5), in the series' order; the others are grey.
        #expect(ReportCharts.highlighted(subjects, named: ["m5", "unknown", "m2"]) == ["m2", "m5"])
        var chart = SVGChart(title: "t", xAxis: .time, yAxis: .linear(unit: ""))
        chart.series = [.init(name: "5 other subjects", points: [.init(x: 0, y: 1)], mark: .points, colour: -1)]
        #expect(chart.render().contains("fill=\"#c4c9d0\""))
    }
}
