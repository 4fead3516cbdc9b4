import Foundation
import TrackCore
import TrackEngine

/// A small chart drawn as self-contained SVG: points, lines, bands, horizontal rules and dated
/// markers over a time or number axis, with ticks, units and a `<title>`. Every text is escaped.
///
/// Series longer than the plot is wide are thinned for drawing only: per pixel column the first,
/// lowest, highest and last points are kept, so extremes stay visible at 100,000 points.
public struct SVGChart: Sendable {
    /// How x values are read: days since 1970-01-01 shown as dates, or plain numbers.
    public enum XAxis: Sendable, Hashable {
        case time
        case number(label: String)
    }

    /// How y values are read: numbers (with a unit), on a linear or log scale, or ordered categories.
    public enum YAxis: Sendable, Hashable {
        case linear(unit: String)
        case log(unit: String)
        case categories([String])
        /// 0 to 1 shown as percentages.
        case probability
    }

    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }

        public init(day: Day, y: Double) { self.init(x: Double(day.daysSinceEpoch), y: y) }
    }

    /// A named series, drawn as points, a line, or both.
    public struct Series: Sendable {
        public enum Mark: Sendable { case points, line, lineAndPoints, dashedLineAndHollowPoints }
        public var name: String
        public var points: [Point]
        public var mark: Mark
        /// A palette index; series with the same index share a colour.
        public var colour: Int
        /// Whether this is the series the forecast is about (drawn bolder, classed `subject`).
        public var isSubject: Bool

        public init(name: String, points: [Point], mark: Mark, colour: Int, isSubject: Bool = false) {
            self.name = name
            self.points = points
            self.mark = mark
            self.colour = colour
            self.isSubject = isSubject
        }
    }

    /// A shaded interval: at each x, from `low` to `high`.
    public struct Band: Sendable {
        public var name: String
        public var edges: [(x: Double, low: Double, high: Double)]
        public var colour: Int

        public init(name: String, edges: [(x: Double, low: Double, high: Double)], colour: Int) {
            self.name = name
            self.edges = edges
            self.colour = colour
        }
    }

    /// A horizontal line across the plot: a target (dashed red, in every chart) or a stated probability (dotted purple).
    public struct Rule: Sendable {
        public enum Kind: String, Sendable {
            case target, stated
        }
        public var name: String
        public var y: Double
        public var kind: Kind

        public init(name: String, y: Double, kind: Kind = .target) {
            self.name = name
            self.y = y
            self.kind = kind
        }

        /// Stroke colour and dash pattern: one meaning per style, in every chart.
        var style: (colour: String, dash: String) { kind == .target ? ("#b91c1c", "6 4") : ("#7c3aed", "2 3") }
    }

    /// A vertical line at an x value with a label (made, deadline, as of).
    public struct Marker: Sendable {
        public enum Kind: String, Sendable {
            case made, deadline
            case asOf = "as-of"
        }
        public var kind: Kind
        public var x: Double
        public var label: String

        public init(kind: Kind, x: Double, label: String) {
            self.kind = kind
            self.x = x
            self.label = label
        }
    }

    public var title: String
    public var xAxis: XAxis
    public var yAxis: YAxis
    public var series: [Series] = []
    /// Points drawn once for several charts (`SVGLayer`), under `series`.
    public var layer: SVGLayer?
    public var bands: [Band] = []
    public var rules: [Rule] = []
    public var markers: [Marker] = []
    /// Labels written next to points (the bin counts of a reliability diagram).
    public var pointLabels: [(point: Point, text: String)] = []
    /// A diagonal from (0, 0) to (1, 1), for reliability diagrams.
    public var diagonal = false
    /// A fixed y range; nil to fit the data.
    public var yRange: ClosedRange<Double>?
    /// A fixed x range; nil to fit the data and markers.
    public var xRange: ClosedRange<Double>?
    /// Written across the plot when no series has a point.
    public var emptyMessage: String?
    /// The y axis's label; nil for the unit (or "probability", "state").
    public var yLabel: String?
    public var width = 900
    public var height = 300

    public init(title: String, xAxis: XAxis, yAxis: YAxis) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
    }

    /// Colours for series, chosen to stay apart for common colour-vision deficiencies (Okabe and Ito's palette).
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// The palette's colour for `index`; grey for a negative index (series in the background).
    static func colour(_ index: Int) -> String { index < 0 ? "#c4c9d0" : palette[index % palette.count] }

    /// The domains and pixel mapping of one drawing, computed once.
    struct Scale {
        let xDomain: ClosedRange<Double>
        let yDomain: ClosedRange<Double>
        /// Room for the plot's edges; the left one fits the longest y tick label.
        let margin: (left: Double, right: Double, top: Double, bottom: Double)
        let plotWidth: Double
        let plotHeight: Double
        let isLog: Bool
        /// The lowest value a log axis shows.
        var floor: Double { isLog ? yDomain.lowerBound : -.infinity }

        init(_ chart: SVGChart) {
            xDomain = chart.xDomain
            yDomain = chart.yDomain
            isLog = chart.isLog
            let longest = chart.yTicks(yDomain.lowerBound, yDomain.upperBound).map(\.label.count).max() ?? 4
            margin = (max(44, Double(longest) * 6.6 + 16), 18, 30, 44)
            plotWidth = Double(chart.width) - margin.left - margin.right
            plotHeight = Double(chart.height) - margin.top - margin.bottom
        }

        func x(_ value: Double) -> Double {
            margin.left + (value - xDomain.lowerBound) / (xDomain.upperBound - xDomain.lowerBound) * plotWidth
        }

        func y(_ value: Double) -> Double {
            let fraction =
                isLog
                ? (log10(max(value, .leastNormalMagnitude)) - log10(yDomain.lowerBound))
                    / (log10(yDomain.upperBound) - log10(yDomain.lowerBound))
                : (value - yDomain.lowerBound) / (yDomain.upperBound - yDomain.lowerBound)
            return margin.top + (1 - fraction) * plotHeight
        }
    }

    /// Every point drawn, after thinning: for tests and for the count shown beside a chart.
    public func drawnPoints(of series: Series) -> [Point] {
        let scale = Scale(self)
        return Self.thin(series.points.filter(isDrawable), columns: Int(scale.plotWidth), xRange: scale.xDomain)
    }

    /// The SVG element, with `viewBox`, `role="img"` and a `<title>`. The layer is drawn inside it, or,
    /// when `layerDefinedElsewhere`, referenced by its id (the page holds its `definition()` once).
    public func render(layerDefinedElsewhere: Bool = false) -> String {
        let scale = Scale(self)
        let margin = scale.margin
        let (xLow, xHigh) = (scale.xDomain.lowerBound, scale.xDomain.upperBound)
        let (yLow, yHigh) = (scale.yDomain.lowerBound, scale.yDomain.upperBound)
        let legend = legendEntries
        let legendRows = (legend.count + 3) / 4
        let totalHeight = height + legendRows * 18 + (legendRows > 0 ? 6 : 0)
        let drawnSeries = series.map { Self.thin($0.points.filter(isDrawable), columns: Int(scale.plotWidth), xRange: scale.xDomain) }
        let isEmpty = series.allSatisfy { $0.points.isEmpty } && (layer?.pointCount ?? 0) == 0
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(totalHeight)\" width=\"\(width)\" height=\"\(totalHeight)\" "
            + "role=\"img\" class=\"chart\" data-axis=\"\(axisKind)\"\(isEmpty ? " data-empty=\"true\"" : "") "
            + "font-family=\"system-ui, sans-serif\" font-size=\"11\">"
        svg += "<title>\(Self.escape(title))</title>"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(totalHeight)\" fill=\"#ffffff\"/>"
        let left = margin.left
        let top = margin.top
        let right = Double(width) - margin.right
        let bottom = Double(height) - margin.bottom
        // Grid and ticks: the lines of each kind as one path, the labels in one group per axis.
        let yTickList = yTicks(yLow, yHigh)
        let xTickList = xTicks(xLow, xHigh)
        func path(_ kind: String, _ colour: String, _ segments: [String]) -> String {
            segments.isEmpty ? "" : "<path class=\"\(kind)\" stroke=\"\(colour)\" d=\"\(segments.joined())\"/>"
        }
        svg += path("grid", "#e5e7eb", yTickList.map { "M\(f(left)) \(f(scale.y($0.value)))H\(f(right))" })
        svg += path("grid", "#f3f4f6", xTickList.map { "M\(f(scale.x($0.value))) \(f(top))V\(f(bottom))" })
        svg += path("ticks", "#6b7280", xTickList.map { "M\(f(scale.x($0.value))) \(f(bottom))v4" })
        svg += "<g fill=\"#374151\" text-anchor=\"end\">"
        for tick in yTickList {
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(scale.y(tick.value) + 4))\">\(Self.escape(tick.label))</text>"
        }
        svg += "</g><g fill=\"#374151\" text-anchor=\"middle\">"
        for tick in xTickList {
            svg += "<text x=\"\(f(scale.x(tick.value)))\" y=\"\(f(bottom + 16))\">\(Self.escape(tick.label))</text>"
        }
        svg += "</g>"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\" stroke=\"#6b7280\"/>"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\" stroke=\"#6b7280\"/>"
        svg += "<text x=\"\(f(left))\" y=\"\(f(top - 10))\" fill=\"#374151\" font-weight=\"600\">\(Self.escape(yAxisLabel))</text>"
        svg += "<text x=\"\(f(right))\" y=\"\(f(bottom + 32))\" text-anchor=\"end\" fill=\"#374151\">\(Self.escape(xAxisLabel))</text>"
        svg +=
            "<svg x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(bottom - top))\" "
            + "viewBox=\"\(f(left)) \(f(top)) \(f(right - left)) \(f(bottom - top))\" overflow=\"hidden\">"
        if diagonal {
            svg +=
                "<line class=\"diagonal\" x1=\"\(f(scale.x(0)))\" y1=\"\(f(scale.y(0)))\" x2=\"\(f(scale.x(1)))\" y2=\"\(f(scale.y(1)))\" "
                + "stroke=\"#9ca3af\" stroke-dasharray=\"4 3\"/>"
        }
        // Bands are drawn inside the plot (the y range comes from the data and targets, not from them); where one
        // leaves it, an arrow at its end says so and how far it goes.
        var clipNotes: [(text: String, x: Double, above: Bool)] = []
        for band in bands where !band.edges.isEmpty {
            let upper = band.edges.map { "\(f(scale.x($0.x))),\(f(scale.y(max($0.high, scale.floor))))" }
            let lower = band.edges.reversed().map { "\(f(scale.x($0.x))),\(f(scale.y(max($0.low, scale.floor))))" }
            svg +=
                "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(Self.colour(band.colour))\" "
                + "fill-opacity=\"0.15\" stroke=\"none\"><title>\(Self.escape(band.name))</title></polygon>"
            let end = band.edges.max { $0.x < $1.x }!
            let x = min(scale.x(end.x), right - 2)
            if let low = band.edges.map(\.low).min(), low < yLow {
                svg += clipArrow(x: x, y: bottom, pointingDown: true)
                clipNotes.append(("↓ \(band.name) continues to \(Self.axisNumber(low))", x, false))
            }
            if let high = band.edges.map(\.high).max(), high > yHigh {
                svg += clipArrow(x: x, y: top, pointingDown: false)
                clipNotes.append(("↑ \(band.name) continues to \(Self.axisNumber(high))", x, true))
            }
        }
        for rule in rules where isDrawableY(rule.y) {
            let y = scale.y(rule.y)
            let style = rule.style
            svg +=
                "<line class=\"rule \(rule.kind.rawValue)\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(right))\" y2=\"\(f(y))\" stroke=\"\(style.colour)\" "
                + "stroke-width=\"1.5\" stroke-dasharray=\"\(style.dash)\"><title>\(Self.escape(rule.name))</title></line>"
        }
        if let layer, layer.pointCount > 0 {
            let transform = layer.transform(onto: scale)
            svg +=
                layerDefinedElsewhere
                ? "<use href=\"#\(Self.escape(layer.id))\" transform=\"\(transform)\"/>"
                : "<g class=\"layer\" transform=\"\(transform)\">\(layer.content())</g>"
        }
        for (series, points) in zip(series, drawnSeries) {
            let colour = Self.colour(series.colour)
            let path = points.map { "\(f(scale.x($0.x))),\(f(scale.y($0.y)))" }.joined(separator: " ")
            let role = series.isSubject ? " subject" : ""
            switch series.mark {
            case .line, .lineAndPoints:
                if points.count > 1 {
                    svg +=
                        "<polyline class=\"line\(role)\" points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" "
                        + "stroke-width=\"\(series.isSubject ? "2.5" : "2")\"><title>\(Self.escape(series.name))</title></polyline>"
                }
            case .dashedLineAndHollowPoints:
                if points.count > 1 {
                    svg +=
                        "<polyline class=\"line\(role)\" points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>"
                }
            case .points: break
            }
            guard series.mark != .line || (series.isSubject && points.count == 1) else { continue }
            let radius = points.count > 400 ? 1.5 : pointLabels.isEmpty ? 3.5 : 5
            let hollow = series.mark == .dashedLineAndHollowPoints
            svg +=
                "<g class=\"points\(role)\" fill=\"\(hollow ? "#ffffff" : colour)\" stroke=\"\(colour)\" stroke-width=\"\(hollow ? 1.5 : 0.5)\">"
            svg += "<title>\(Self.escape(series.name)): \(series.points.count) point\(series.points.count == 1 ? "" : "s")</title>"
            for point in points {
                svg += "<circle cx=\"\(f(scale.x(point.x)))\" cy=\"\(f(scale.y(point.y)))\" r=\"\(radius)\"/>"
            }
            svg += "</g>"
        }
        svg += labels(scale: scale, drawnSeries: drawnSeries, clipNotes: clipNotes, isEmpty: isEmpty)
        svg += "</svg>"
        for marker in markers where scale.xDomain.contains(marker.x) {
            let x = scale.x(marker.x)
            let colour = marker.kind == .asOf ? "#111827" : "#6b7280"
            svg +=
                "<line class=\"marker \(marker.kind.rawValue)\" x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\" stroke=\"\(colour)\" "
                + "stroke-dasharray=\"\(marker.kind == .asOf ? "2 2" : "1 3")\" stroke-width=\"1.2\"><title>\(Self.escape(marker.label))</title></line>"
        }
        // Legend, under the x axis's label.
        let columnWidth = (right - left) / 4
        let legendCharacters = Int((columnWidth - 28) / ChartLabelPlacer.characterWidth)
        for (index, entry) in legend.enumerated() {
            let x = left + Double(index % 4) * columnWidth
            let y = Double(height) + 10 + Double(index / 4) * 18
            svg += entry.swatch(x: x, y: y - 4)
            svg +=
                "<text class=\"legend\" x=\"\(f(x + 22))\" y=\"\(f(y))\" fill=\"#374151\">\(Self.escape(Self.shorten(entry.name, to: legendCharacters)))"
                + (entry.name.count > legendCharacters ? "<title>\(Self.escape(entry.name))</title>" : "") + "</text>"
        }
        svg += "</svg>"
        return svg
    }

    /// What kind of y axis the chart has, for the page's checks: `numeric`, `state` or `probability`.
    private var axisKind: String {
        switch yAxis {
        case .linear, .log: "numeric"
        case .categories: "state"
        case .probability: "probability"
        }
    }

    /// A small triangle at the plot's edge where a band leaves it.
    private func clipArrow(x: Double, y: Double, pointingDown: Bool) -> String {
        let tip = pointingDown ? y - 1 : y + 1
        let base = pointingDown ? tip - 7 : tip + 7
        return
            "<path class=\"band-clipped\" d=\"M\(f(x - 5)) \(f(base))L\(f(x + 5)) \(f(base))L\(f(x)) \(f(tip))Z\" fill=\"#D55E00\" fill-opacity=\"0.7\"/>"
    }

    /// The labels inside the plot (empty message, markers, rules, clipped bands, point labels), placed so that none
    /// covers another or a point (`ChartLabelPlacer`); each has the class `label`.
    private func labels(
        scale: Scale, drawnSeries: [[Point]], clipNotes: [(text: String, x: Double, above: Bool)], isEmpty: Bool
    ) -> String {
        let left = scale.margin.left
        let top = scale.margin.top
        let right = Double(width) - scale.margin.right
        let bottom = Double(height) - scale.margin.bottom
        var points: [(x: Double, y: Double)] = []
        for (series, drawn) in zip(series, drawnSeries) where series.mark != .line {
            points += drawn.map { (scale.x($0.x), scale.y($0.y)) }
        }
        for series in layer?.series ?? [] {
            points += series.points.map { (scale.x($0.x), scale.y(max($0.y, scale.floor))) }
        }
        var placer = ChartLabelPlacer(
            bounds: .init(minX: left + 2, minY: top + 1, maxX: right - 2, maxY: bottom - 1),
            points: points.filter { $0.x >= left - 4 && $0.x <= right + 4 && $0.y >= top - 4 && $0.y <= bottom + 4 })
        var svg = ""
        func text(_ label: String, _ placement: ChartLabelPlacer.Placement, kind: String, colour: String, extra: String = "") {
            svg +=
                "<text class=\"label \(kind)\" x=\"\(f(placement.x))\" y=\"\(f(placement.baseline))\" text-anchor=\"\(placement.anchor)\" "
                + "fill=\"\(colour)\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"\(extra)>\(Self.escape(label))</text>"
        }
        if let emptyMessage, isEmpty {
            let placement = ChartLabelPlacer.Placement(x: (left + right) / 2, baseline: top + (bottom - top) * 0.3, anchor: "middle")
            placer.reserve(emptyMessage, at: .init(x: placement.x, baseline: placement.baseline, anchor: "middle"))
            svg +=
                "<text class=\"label empty\" x=\"\(f(placement.x))\" y=\"\(f(placement.baseline))\" text-anchor=\"middle\" fill=\"#6b7280\" "
                + "font-size=\"11\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">\(Self.escape(emptyMessage))</text>"
        }
        // As of first (it is read most), then the deadline, then the day the forecast was made.
        let order: [Marker.Kind] = [.asOf, .deadline, .made]
        for marker in markers.sorted(by: { order.firstIndex(of: $0.kind)! < order.firstIndex(of: $1.kind)! })
        where scale.xDomain.contains(marker.x) {
            let x = scale.x(marker.x)
            let sides = [
                ChartLabelPlacer.Placement(x: x + 3, baseline: top + 12, anchor: "start"),
                ChartLabelPlacer.Placement(x: x - 3, baseline: top + 12, anchor: "end"),
            ]
            let placement = placer.place(marker.label, preferred: x > (left + right) / 2 ? sides.reversed() : sides)
            text(
                marker.label, placement, kind: "marker-label \(marker.kind.rawValue)", colour: marker.kind == .asOf ? "#111827" : "#4b5563")
        }
        for rule in rules where isDrawableY(rule.y) {
            let y = scale.y(rule.y)
            let placement = placer.place(
                rule.name,
                preferred: [
                    .init(x: right - 4, baseline: y - 4, anchor: "end"), .init(x: right - 4, baseline: y + 13, anchor: "end"),
                    .init(x: left + 4, baseline: y - 4, anchor: "start"), .init(x: left + 4, baseline: y + 13, anchor: "start"),
                ])
            text(rule.name, placement, kind: "rule-label \(rule.kind.rawValue)", colour: rule.style.colour)
        }
        for note in clipNotes {
            let baseline = note.above ? top + 20 : bottom - 12
            let placement = placer.place(
                note.text,
                preferred: [
                    .init(x: note.x - 8, baseline: baseline, anchor: "end"), .init(x: left + 4, baseline: baseline, anchor: "start"),
                ])
            text(note.text, placement, kind: "clip-note", colour: "#9a3412")
        }
        for label in pointLabels where isDrawable(label.point) {
            // Above the point, else below it; left of it near the right edge.
            let (x, y) = (scale.x(label.point.x), scale.y(label.point.y))
            let placement = placer.place(
                label.text,
                preferred: [
                    .init(x: x + 8, baseline: y - 8, anchor: "start"), .init(x: x - 8, baseline: y - 8, anchor: "end"),
                    .init(x: x + 8, baseline: y + 16, anchor: "start"), .init(x: x - 8, baseline: y + 16, anchor: "end"),
                ])
            text(label.text, placement, kind: "point-label", colour: "#111827", extra: " font-weight=\"600\"")
        }
        return svg
    }

    // MARK: Scales

    private var isLog: Bool { if case .log = yAxis { true } else { false } }

    private func isDrawableY(_ y: Double) -> Bool { y.isFinite && (!isLog || y > 0) }
    private func isDrawable(_ point: Point) -> Bool { point.x.isFinite && isDrawableY(point.y) }

    /// The x range shown: the data and markers, padded; one day or value widened to a readable span.
    var xDomain: ClosedRange<Double> {
        if let xRange { return xRange }
        var values = series.flatMap { $0.points.filter(isDrawable).map(\.x) } + markers.map(\.x) + bands.flatMap { $0.edges.map(\.x) }
        if let extent = layer?.xExtent { values += [extent.lowerBound, extent.upperBound] }
        if values.isEmpty { values = [0] }
        var low = values.min()!
        var high = values.max()!
        if high - low < 1e-9 {
            low -= xAxis == .time ? 30 : 0.5
            high += xAxis == .time ? 30 : 0.5
        }
        let pad = (high - low) * 0.03
        return (low - pad)...(high + pad)
    }

    /// The y range shown, in data units (log axes: positive values only): the points and the rules, not the bands.
    var yDomain: ClosedRange<Double> {
        if let yRange { return yRange }
        switch yAxis {
        // A little room beyond 0 and 1, so points on them are drawn whole.
        case .probability: return -0.03...1.03
        case .categories(let names): return -0.5...(Double(max(names.count, 1)) - 0.5)
        case .linear, .log: break
        }
        // The data and the targets set the range; a band that goes beyond is clipped, and marked so (`render`).
        var values = series.flatMap { $0.points.map(\.y) } + rules.map(\.y)
        if let extent = layer?.yExtent { values += [extent.lowerBound, extent.upperBound] }
        values = values.filter(isDrawableY)
        if values.isEmpty { values = isLog ? [1] : [0] }
        var low = values.min()!
        var high = values.max()!
        if isLog {
            if high / low < 1.0001 {
                low /= 2
                high *= 2
            }
            let (logLow, logHigh) = (log10(low), log10(high))
            let pad = (logHigh - logLow) * 0.05
            return pow(10, logLow - pad)...pow(10, logHigh + pad)
        }
        if high - low < 1e-12 * max(1, abs(high)) {
            let spread = abs(high) > 0 ? abs(high) * 0.1 : 1
            low -= spread
            high += spread
        }
        let pad = (high - low) * 0.06
        return (low - pad)...(high + pad)
    }

    private var yAxisLabel: String {
        if let yLabel { return yLabel }
        return switch yAxis {
        case .linear(let unit), .log(let unit): unit.isEmpty ? "value" : unit + (isLog ? " (log scale)" : "")
        case .categories: "state"
        case .probability: "probability"
        }
    }

    private var xAxisLabel: String {
        switch xAxis {
        case .time: "date"
        case .number(let label): label
        }
    }

    // MARK: Ticks

    struct Tick {
        var value: Double
        var label: String
    }

    func yTicks(_ low: Double, _ high: Double) -> [Tick] {
        switch yAxis {
        case .probability:
            return stride(from: 0.0, through: 1.0, by: 0.25).map { Tick(value: $0, label: "\(Int($0 * 100))%") }
        case .categories(let names):
            return names.enumerated().map { Tick(value: Double($0.offset), label: Self.shorten($0.element, to: 9)) }
        case .log:
            let first = Int(floor(log10(low)))
            let last = Int(ceil(log10(high)))
            let decades = Array(first...max(first, last))
            let multipliers: [Double] = decades.count <= 2 ? [1, 2, 5] : decades.count <= 12 ? [1] : []
            var ticks: [Tick] = []
            for (index, exponent) in decades.enumerated() where multipliers.isEmpty ? index % 3 == 0 : true {
                for multiplier in multipliers.isEmpty ? [1] : multipliers {
                    let value = multiplier * pow(10, Double(exponent))
                    if value >= low, value <= high { ticks.append(Tick(value: value, label: Self.axisNumber(value))) }
                }
            }
            return ticks
        case .linear:
            let step = Self.niceStep((high - low) / 5)
            var ticks: [Tick] = []
            var value = (low / step).rounded(.up) * step
            while value <= high + step * 1e-9 {
                ticks.append(Tick(value: value, label: Self.axisNumber(abs(value) < step * 1e-9 ? 0 : value)))
                value += step
            }
            return ticks
        }
    }

    func xTicks(_ low: Double, _ high: Double) -> [Tick] {
        guard xAxis == .time else {
            let step = Self.niceStep((high - low) / 6)
            return stride(from: (low / step).rounded(.up) * step, through: high, by: step).map {
                Tick(value: $0, label: Self.axisNumber($0))
            }
        }
        let first = Day(daysSinceEpoch: Int(low.rounded(.up)))
        let last = Day(daysSinceEpoch: Int(high.rounded(.down)))
        let spanDays = Double(first.days(until: last))
        // Months between ticks: about six to ten ticks across the span.
        let months = [1, 2, 3, 6, 12, 24, 60, 120].first { Double($0) * 30.4 * 9 >= spanDays } ?? 240
        if spanDays < 75 {
            let step = max(1, Int((spanDays / 6).rounded(.up)))
            return stride(from: first.daysSinceEpoch, through: last.daysSinceEpoch, by: step).map {
                Tick(value: Double($0), label: Day(daysSinceEpoch: $0).description)
            }
        }
        var (year, month, _) = first.components
        var ticks: [Tick] = []
        // Start on a month that is a multiple of the step (January for yearly ticks).
        var monthIndex = year * 12 + (month - 1)
        if Day(year: year, month: month, day: 1)! < first { monthIndex += 1 }
        let stepMonths = months
        monthIndex = Int((Double(monthIndex) / Double(stepMonths)).rounded(.up)) * stepMonths
        while true {
            year = monthIndex / 12
            month = monthIndex % 12 + 1
            let day = Day(year: year, month: month, day: 1)!
            if day > last { break }
            let label = stepMonths >= 12 ? String(year) : "\(year)-\(month < 10 ? "0" : "")\(month)"
            ticks.append(Tick(value: Double(day.daysSinceEpoch), label: label))
            monthIndex += stepMonths
        }
        return ticks
    }

    /// 1, 2 or 5 times a power of ten, at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, floor(log10(rough)))
        let fraction = rough / power
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power
    }

    /// A tick label: `0.25`, `40`, `1e25`, `1.05e11` (three significant digits at most).
    static func axisNumber(_ value: Double) -> String {
        if value != 0, abs(value) >= 1e5 || abs(value) < 1e-3 {
            var exponent = Int(floor(log10(abs(value))))
            var mantissa = (value / pow(10, Double(exponent)) * 100).rounded() / 100
            if abs(mantissa) >= 10 {
                mantissa /= 10
                exponent += 1
            }
            return mantissa.formatted + "e\(exponent)"
        }
        return value.readable
    }

    // MARK: Thinning

    /// At most four points per pixel column (first, lowest, highest, last), in x order.
    static func thin(_ points: [Point], columns: Int, xRange: ClosedRange<Double>) -> [Point] {
        guard points.count > columns * 2, columns > 0 else { return points }
        let span = xRange.upperBound - xRange.lowerBound
        var buckets: [Int: [Point]] = [:]
        for point in points {
            let position = (point.x - xRange.lowerBound) / span * Double(columns)
            let column = position.isFinite ? min(columns - 1, max(0, Int(min(max(position, 0), Double(columns - 1))))) : 0
            buckets[column, default: []].append(point)
        }
        return buckets.keys.sorted().flatMap { key -> [Point] in
            let bucket = buckets[key]!.sorted { $0.x < $1.x }
            guard bucket.count > 4 else { return bucket }
            let low = bucket.min { $0.y < $1.y }!
            let high = bucket.max { $0.y < $1.y }!
            var kept: [Point] = []
            for point in [bucket.first!, low, high, bucket.last!] where !kept.contains(point) { kept.append(point) }
            return kept.sorted { $0.x < $1.x }
        }
    }

    // MARK: Legend

    private struct LegendEntry {
        var name: String
        var swatch: (Double, Double) -> String

        func swatch(x: Double, y: Double) -> String { swatch(x, y) }
    }

    private var legendEntries: [LegendEntry] {
        var entries: [LegendEntry] = []
        let layerNames = Set((layer?.series ?? []).map(\.name))
        // A subject's line beside its own points in the layer is said once, by the points.
        for series in (layer?.series ?? []) + series.filter({ !($0.isSubject && layerNames.contains($0.name)) })
        where !series.points.isEmpty {
            let colour = Self.colour(series.colour)
            let mark = series.mark
            entries.append(
                LegendEntry(name: series.name) { x, y in
                    switch mark {
                    case .points:
                        "<circle cx=\"\(f(x + 8))\" cy=\"\(f(y))\" r=\"3.5\" fill=\"\(colour)\"/>"
                    case .line:
                        "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 16))\" y2=\"\(f(y))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
                    case .lineAndPoints:
                        "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 16))\" y2=\"\(f(y))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
                            + "<circle cx=\"\(f(x + 8))\" cy=\"\(f(y))\" r=\"3\" fill=\"\(colour)\"/>"
                    case .dashedLineAndHollowPoints:
                        "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 16))\" y2=\"\(f(y))\" stroke=\"\(colour)\" stroke-dasharray=\"4 2\"/>"
                            + "<circle cx=\"\(f(x + 8))\" cy=\"\(f(y))\" r=\"3\" fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>"
                    }
                })
        }
        for band in bands where !band.edges.isEmpty {
            let colour = Self.colour(band.colour)
            entries.append(
                LegendEntry(name: band.name) { x, y in
                    "<rect x=\"\(f(x))\" y=\"\(f(y - 5))\" width=\"16\" height=\"10\" fill=\"\(colour)\" fill-opacity=\"0.2\"/>"
                })
        }
        for kind in [Rule.Kind.target, .stated] {
            guard let rule = rules.first(where: { $0.kind == kind && isDrawableY($0.y) }) else { continue }
            let style = rule.style
            entries.append(
                LegendEntry(name: kind == .target ? "target" : "stated probability") { x, y in
                    "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 16))\" y2=\"\(f(y))\" stroke=\"\(style.colour)\" stroke-width=\"1.5\" "
                        + "stroke-dasharray=\"\(style.dash)\"/>"
                })
        }
        return entries
    }

    // MARK: Text

    /// `text` safe inside SVG or HTML text and attribute values.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            // Control characters are not allowed in XML 1.0; show them as a replacement character.
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    static func shorten(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}

/// A coordinate with one decimal, as SVG attributes are written.
private func f(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}
