import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("SVG charts")
struct SVGChartTests {
    private func chart(_ points: [SVGChart.Point], yAxis: SVGChart.YAxis = .linear(unit: "usd")) -> SVGChart {
        var chart = SVGChart(title: "Prices", xAxis: .time, yAxis: yAxis)
        chart.series.append(.init(name: "v3", points: points, mark: .points, colour: 0))
        return chart
    }

    @Test("every text is escaped, control characters included, and the chart has a viewBox and a title")
    func escaping() {
        var chart = chart([.init(day: Day("2026-01-01")!, y: 1)])
        chart.title = "a <script>alert('x')</script> & \"b\"\u{7}"
        chart.series[0].name = "<b>subject</b>"
        chart.rules.append(.init(name: "target <1>", y: 1))
        let svg = chart.render()
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<b>"))
        #expect(!svg.contains("\u{7}"))
        #expect(svg.contains("<title>a &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;b&quot;\u{FFFD}</title>"))
        #expect(svg.contains("target &lt;1&gt;"))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "))
        // Well-formed XML: Foundation's parser accepts it.
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }

    @Test("one point draws at finite coordinates, inside the plot")
    func onePoint() throws {
        let svg = chart([.init(day: Day("2026-01-01")!, y: 5)]).render()
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        let circles = svg.components(separatedBy: "<circle ").dropFirst()
        #expect(circles.count == 2)  // the point and its legend swatch
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }

    @Test("100,000 points are thinned for drawing, keeping each column's extremes")
    func thinning() {
        var generator = SystemRandomNumberGenerator()
        let start = Day("2020-01-01")!
        var points = (0..<100_000).map { index in
            SVGChart.Point(x: Double(start.daysSinceEpoch) + Double(index) / 50, y: Double.random(in: 0...1, using: &generator))
        }
        points[12_345].y = 7
        points[98_765].y = -3
        let chart = chart(points)
        let drawn = chart.drawnPoints(of: chart.series[0])
        #expect(drawn.count <= 4 * chart.width)
        #expect(drawn.count < 10_000)
        #expect(drawn.contains(points[12_345]))
        #expect(drawn.contains(points[98_765]))
        #expect(drawn.contains(points.first!) && drawn.contains(points.last!))
        let svg = chart.render()
        #expect(svg.components(separatedBy: "<circle ").count - 1 == drawn.count + 1)
        // The title still counts every point, not the drawn ones.
        #expect(svg.contains("v3: 100000 points"))
    }

    @Test("few points are drawn as they are")
    func noThinning() {
        let points = (0..<50).map { SVGChart.Point(x: Double($0), y: Double($0 % 7)) }
        let chart = chart(points)
        #expect(chart.drawnPoints(of: chart.series[0]) == points)
    }

    @Test("a log axis has its ticks at powers of ten")
    func logTicks() {
        let chart = chart([.init(x: 0, y: 0.05), .init(x: 100, y: 125)], yAxis: .log(unit: "usd"))
        let ticks = chart.yTicks(chart.yDomain.lowerBound, chart.yDomain.upperBound).map(\.value)
        #expect(ticks == [0.1, 1, 10, 100])
    }

    @Test("steps are 1, 2 or 5 times a power of ten", arguments: [(0.23, 0.5), (3.0, 5.0), (12.0, 20.0), (0.01, 0.01), (700.0, 1000.0)])
    func niceSteps(rough: Double, expected: Double) {
        #expect(abs(SVGChart.niceStep(rough) - expected) < 1e-12)
    }

    @Test("date ticks fall on the first day of a month, in order, labelled by month or year")
    func dateTicks() {
        let chart = chart([.init(day: Day("2024-02-10")!, y: 1), .init(day: Day("2027-05-20")!, y: 2)])
        let ticks = chart.xTicks(chart.xDomain.lowerBound, chart.xDomain.upperBound)
        #expect(ticks.count >= 4 && ticks.count <= 12)
        for tick in ticks {
            let day = Day(daysSinceEpoch: Int(tick.value))
            #expect(day.components.day == 1)
            #expect(tick.label == String(day.description.prefix(tick.label.count)))
        }
        #expect(ticks.map(\.value) == ticks.map(\.value).sorted())
    }

    @Test("a probability axis runs from 0% to 100%")
    func probabilityAxis() {
        let chart = chart([.init(x: 0, y: 0.3)], yAxis: .probability)
        #expect(chart.yDomain.contains(0) && chart.yDomain.contains(1) && chart.yDomain.upperBound - chart.yDomain.lowerBound < 1.1)
        #expect(chart.yTicks(0, 1).map(\.label) == ["0%", "25%", "50%", "75%", "100%"])
    }
}
