import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What makes a report's charts readable: a target on every numeric chart, the forecast's series drawn as
/// such, bands clipped to the plot, labels apart, coincident points apart; and the overview's facts.
@Suite("Report readability")
struct ReportReadabilityTests {
    private func report() throws -> WorkspaceReport {
        let fixture = try TemporaryWorkspace(ReportFixtures.plainTargets)
        let result = fixture.load()
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics.rendered)")
        let engine = EvaluationEngine(workspace: result.workspace, registry: BuiltInEvaluators.registry)
        return WorkspaceReport(engine: engine, asOf: Day("2026-12-07")!, history: { _ in [] })
    }

    @Test(
        "a capability price with a plain-number target: the target line, the qualifying front as the series, the qualifying models in their colour"
    )
    func capabilityFront() throws {
        let section = try report().sections[1]
        #expect(section.indicatorCharts.map(\.indicator) == ["price", "score"])
        let price = section.indicatorCharts[0].chart
        #expect(price.rules.map(\.y) == [1] && price.rules.allSatisfy { $0.kind == .target })
        // By hand from the files: models scoring >= 80 are m1 (82), m2 (85), m3 (81); the cheapest of them over time:
        // m1 12 (2025-01-10), m2 8 (2025-03-01), m3 4 (2025-09-01; m4 at 4 scores 70), m2 3 (2026-02-01; m5 at 0.9
        // scores 60), m3 2.5 (2026-09-01), m2 2 (2026-10-01).
        let front = try #require(price.series.first { $0.isSubject })
        var levels: [Double] = []
        for point in front.points where levels.last != point.y { levels.append(point.y) }
        #expect(levels == [12, 8, 4, 3, 2.5, 2])
        #expect(front.points.last!.x == Double(Day("2026-12-07")!.daysSinceEpoch))
        let layer = try #require(price.layer)
        // The qualifying models (m1, m2, m3: 6 points) are in colour, each its own when the evidence names it (explain
        // lists the qualifying values), the others (m4, m5) grey.
        #expect(layer.series.filter { $0.colour >= 0 }.map(\.points.count).reduce(0, +) == 6)
        #expect(layer.series.filter { $0.colour < 0 }.map(\.points.count) == [2])
        // The benchmark's chart has the capability level as its target.
        #expect(section.indicatorCharts[1].chart.rules.map(\.y) == [80])
        // The gap: 2 now against 1, 2 times apart.
        #expect(section.gap?.text == "$2/M now, target $1/M (2× apart)")
    }

    @Test("each forecast's reasoning (the model behind its plain summary) is under \"Why\" in HTML and Markdown")
    func reasoning() throws {
        let report = try report()
        let html = HTMLReportRenderer().render(report)
        let markdown = MarkdownReportRenderer(chartFolder: nil).render(report).text
        let reasoned = report.sections.filter { $0.evaluation.reasoning != nil }
        // The pending threshold and capability price give their model's reasoning.
        #expect(reasoned.count >= 2)
        for section in reasoned {
            let reasoning = try #require(section.evaluation.reasoning)
            #expect(html.contains("<summary>Why</summary><p>\(SVGChart.escape(reasoning))</p>"), "\(section.prediction.id)")
            #expect(markdown.contains("Why: "), "\(section.prediction.id)")
        }
    }

    @Test(
        "the gap to the target: reached on the better side of it, else how far apart",
        arguments: [
            (3.96, 21.0, Indicator.Direction.lower, "3.96 x now, target 21 x (reached)"),
            (3.96, 21.0, Indicator.Direction.higher, "3.96 x now, target 21 x (5.3× apart)"),
            (30.0, 21.0, Indicator.Direction.higher, "30 x now, target 21 x (reached)"),
            (30.0, 21.0, Indicator.Direction.lower, "30 x now, target 21 x (9 x apart)"),
        ])
    func gap(now: Double, target: Double, better: Indicator.Direction, text: String) throws {
        var chart = SVGChart(title: "t", xAxis: .time, yAxis: .linear(unit: "x"))
        chart.series = [.init(name: "s", points: [.init(x: 0, y: now / 2), .init(x: 1, y: now)], mark: .line, colour: 0, isSubject: true)]
        chart.rules = [.init(name: "target", y: target)]
        let definition = IndicatorDefinition(
            id: "x", name: "X", unit: "x", kind: .numeric, better: better, states: [], description: nil, range: nil, staleAfterDays: nil,
            file: "x.yaml")
        let gap = try #require(TargetGap(chart: chart, definition: definition))
        #expect(gap.text == text)
        #expect((gap.distance == 0) == text.hasSuffix("(reached)"))
    }

    @Test("a threshold with a plain-number target has its target line; the series itself is the subject; the gap is the difference")
    func plainThreshold() throws {
        let section = try report().sections[0]
        let chart = section.indicatorCharts[0].chart
        #expect(chart.rules.map(\.y) == [0.5])
        #expect(chart.series.first { $0.isSubject }?.points.map(\.y) == [0.10, 0.18, 0.24, 0.31, 0.33])
        // 0.5 - 0.33 = 0.17.
        #expect(section.gap?.text == "0.33 share now, target 0.5 share (0.17 share apart)")
        let html = HTMLReportRenderer().render(try report())
        #expect(html.contains("<dd>2027-06-30 (205 days left)</dd>"))
        // A deadline written otherwise keeps both forms.
        #expect(HTMLReportRenderer.deadline(Deadline("2027-Q2")!, left: "205 days left") == "2027-Q2 (2027-06-30; 205 days left)")
    }

    @Test("the y range comes from the data and the target, not the band; a band beyond it is clipped and marked")
    func clippedBand() {
        var chart = SVGChart(title: "t", xAxis: .time, yAxis: .log(unit: "usd"))
        chart.series = [.init(name: "price", points: [.init(x: 0, y: 2), .init(x: 100, y: 1)], mark: .points, colour: 0)]
        chart.rules = [.init(name: "target 0.5", y: 0.5)]
        chart.bands = [.init(name: "80% interval", edges: [(100, 1, 1), (400, 2.4e-9, 3)], colour: 5)]
        #expect(chart.yDomain.lowerBound > 0.4 && chart.yDomain.upperBound < 2.5)
        let svg = chart.render()
        #expect(svg.components(separatedBy: "class=\"band-clipped\"").count - 1 == 2)
        #expect(svg.contains("↓ 80% interval continues to 2.4e-9"))
        #expect(svg.contains("↑ 80% interval continues to 3"))
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        // Without the band going beyond, nothing is marked.
        chart.bands = [.init(name: "80% interval", edges: [(100, 1, 1), (400, 0.6, 1.5)], colour: 5)]
        #expect(!chart.render().contains("band-clipped"))
    }

    @Test("labels placed at one spot are staggered apart and off the points")
    func labelsApart() {
        let bounds = ChartLabelPlacer.Box(minX: 0, minY: 0, maxX: 400, maxY: 200)
        var placer = ChartLabelPlacer(bounds: bounds, points: [(x: 60, y: 20)])
        let texts = ["as of 2026-12-07", "deadline 2027-06-30", "made 2026-06-15", "target 0.5 share"]
        let placed = texts.map { text in
            (text, placer.place(text, preferred: [.init(x: 50, baseline: 20, anchor: "start"), .init(x: 50, baseline: 20, anchor: "end")]))
        }
        // Boxes computed here from the placements: 7 px a character, 10 up and 3 down from the baseline.
        let boxes = placed.map { text, at in
            let width = Double(text.count) * 7
            let left = at.anchor == "end" ? at.x - width : at.x
            return (left: left, right: left + width, top: at.baseline - 10, bottom: at.baseline + 3)
        }
        for i in boxes.indices {
            #expect(boxes[i].left >= 0 && boxes[i].right <= 400 && boxes[i].top >= 0 && boxes[i].bottom <= 200)
            #expect(
                !(boxes[i].left < 64 && 56 < boxes[i].right && boxes[i].top < 24 && 16 < boxes[i].bottom), "\(placed[i].0) covers the point"
            )
            for j in boxes.indices where j > i {
                let apart =
                    boxes[i].right <= boxes[j].left || boxes[j].right <= boxes[i].left || boxes[i].bottom <= boxes[j].top
                    || boxes[j].bottom <= boxes[i].top
                #expect(apart, "\(placed[i].0) and \(placed[j].0)")
            }
        }
    }

    @Test("points at one day and value, in any series, are drawn side by side and counted")
    func coincidentPoints() {
        let layer = SVGLayer(
            id: "l",
            series: [
                .init(name: "others", points: [.init(x: 0, y: 4), .init(x: 10, y: 1)], mark: .points, colour: -1),
                .init(name: "m3", points: [.init(x: 0, y: 4)], mark: .points, colour: 0),
            ], isLog: false)
        let content = layer.content()
        // (0, 4) is at layer x 0, y 0 (the top left); the second point there moves one step right.
        #expect(content.contains("M0 0h0"))
        #expect(content.contains("M\(SVGLayer.coordinate(SVGLayer.coincidentStep)) 0h0"))
        #expect(content.contains("m3: 1 point; 1 at the same day and value as another, drawn beside it"))
        #expect(content.contains("class=\"points background\"") && content.contains("class=\"points highlighted\""))
    }

    @Test("the probability chart's stated probability is its own style, not the target's, and is in the legend")
    func statedStyle() {
        let prediction = Prediction(
            id: "p", statement: "s", source: "a", made: Day("2026-06-15")!, deadline: Deadline("2027-06-30")!, probability: 0.55,
            criteria: "c", tags: [], evaluate: nil, resolution: nil, notes: nil, mark: SourceMark(file: "p", line: 1, column: 1))
        let svg = ReportCharts.probability([], for: prediction, asOf: Day("2026-12-07")!).render()
        #expect(svg.contains("class=\"rule stated\"") && !svg.contains("class=\"rule target\""))
        #expect(svg.contains("stroke=\"#7c3aed\"") && !svg.contains("stroke=\"#b91c1c\""))
        #expect(svg.contains(">stated probability</text>"))
    }
}
