import Foundation

/// Points drawn once and shown by every chart that references them: an indicator's observations,
/// shared by the forecasts that read the indicator with the same selection of subjects. The points
/// are written in a layer space of their own (x and y each from 0 to 1000 across the points' extent;
/// y on a log scale for a log axis), and a chart places the layer with one affine transform, so the
/// same `<g>` serves charts whose axes differ (each forecast's deadline and targets widen its own).
/// Each point is a zero-length stroke with round caps that keeps its size under the transform.
public struct SVGLayer: Sendable {
    /// The element id, unique within a page.
    public var id: String
    /// The series, already thinned to what is drawn; each is drawn as points.
    public var series: [SVGChart.Series]
    /// How many points there were before thinning.
    public var sourceCount: Int
    /// Whether y is placed on a log scale (then only positive values are drawn).
    public var isLog: Bool
    /// The x and y extents of the points (data units), nil when there are none.
    let xExtent: ClosedRange<Double>?
    let yExtent: ClosedRange<Double>?

    /// The layer's side, in its own units.
    static let side = 1000.0

    public init(id: String, series: [SVGChart.Series], isLog: Bool, sourceCount: Int? = nil) {
        self.id = id
        self.isLog = isLog
        self.series = series.map { series in
            var kept = series
            kept.points = series.points.filter { $0.x.isFinite && $0.y.isFinite && (!isLog || $0.y > 0) }
            return kept
        }
        let points = self.series.flatMap(\.points)
        self.sourceCount = sourceCount ?? points.count
        xExtent = points.isEmpty ? nil : points.map(\.x).min()!...points.map(\.x).max()!
        yExtent = points.isEmpty ? nil : points.map(\.y).min()!...points.map(\.y).max()!
    }

    /// How many points are drawn.
    public var pointCount: Int { series.reduce(0) { $0 + $1.points.count } }

    private func t(_ y: Double) -> Double { isLog ? log10(y) : y }

    /// The extents in the coordinates the layer is drawn in: x as is, y through `t`; a span of 0 counts as 1.
    private var spans: (x0: Double, xSpan: Double, t0: Double, tSpan: Double) {
        guard let xExtent, let yExtent else { return (0, 1, 0, 1) }
        let xSpan = xExtent.upperBound - xExtent.lowerBound
        let tSpan = t(yExtent.upperBound) - t(yExtent.lowerBound)
        return (xExtent.lowerBound, xSpan > 0 ? xSpan : 1, t(yExtent.lowerBound), tSpan > 0 ? tSpan : 1)
    }

    /// How far apart, in layer units, points at one place are drawn: about a point's width on a full-width chart.
    static let coincidentStep = 7.0

    /// The layer's content: one path per series (its title says how many points it has), in layer units;
    /// coloured series are classed `highlighted`, grey ones `background`. Points that fall on one place
    /// (same day, same value, in any series) are drawn side by side, a point's width apart, so none hides another.
    func content() -> String {
        let (x0, xSpan, t0, tSpan) = spans
        var seen: [String: Int] = [:]
        var svg = ""
        for series in series where !series.points.isEmpty {
            let colour = SVGChart.colour(series.colour)
            let diameter = series.points.count > 400 ? 3.0 : 7.0
            var coincident = 0
            svg +=
                "<path class=\"points \(series.colour < 0 ? "background" : "highlighted")\" fill=\"none\" stroke=\"\(colour)\" "
                + "stroke-width=\"\(diameter.readable)\" stroke-linecap=\"round\" vector-effect=\"non-scaling-stroke\" d=\""
            for point in series.points {
                let x = Self.coordinate((point.x - x0) / xSpan * Self.side)
                let y = Self.coordinate(Self.side - (t(point.y) - t0) / tSpan * Self.side)
                // 0, +1, -1, +2, ... steps for the second, third, fourth point at one place.
                let index = seen[x + " " + y, default: 0]
                seen[x + " " + y] = index + 1
                if index > 0 { coincident += 1 }
                let shift = Double(index % 2 == 1 ? (index + 1) / 2 : -(index / 2)) * Self.coincidentStep
                svg += "M\(index == 0 ? x : Self.coordinate(Double(x)! + shift)) \(y)h0"
            }
            let drawnApart = coincident == 0 ? "" : "; \(coincident) at the same day and value as another, drawn beside it"
            svg +=
                "\"><title>\(SVGChart.escape(series.name)): \(series.points.count) point\(series.points.count == 1 ? "" : "s")\(drawnApart)</title></path>"
        }
        return svg
    }

    /// The layer as a definition to reference (`<g id>`), for a page's `<defs>`.
    public func definition() -> String {
        "<g id=\"\(SVGChart.escape(id))\">\(content())</g>"
    }

    /// The transform that places layer units on `scale`'s pixels, as an SVG `matrix(...)`.
    func transform(onto scale: SVGChart.Scale) -> String {
        let (x0, xSpan, t0, tSpan) = spans
        let domainX = scale.xDomain.upperBound - scale.xDomain.lowerBound
        let domainT = t(scale.yDomain.upperBound) - t(scale.yDomain.lowerBound)
        let a = xSpan / Self.side * scale.plotWidth / domainX
        let e = scale.margin.left + (x0 - scale.xDomain.lowerBound) / domainX * scale.plotWidth
        let d = tSpan / Self.side * scale.plotHeight / domainT
        let f = scale.margin.top + scale.plotHeight - (t0 + tSpan - t(scale.yDomain.lowerBound)) / domainT * scale.plotHeight
        return "matrix(\([a, 0, 0, d, e, f].map { Self.number($0) }.joined(separator: " ")))"
    }

    /// A layer coordinate with one decimal.
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// A transform coefficient with the precision a pixel needs.
    static func number(_ value: Double) -> String { String(format: "%.6g", value) }
}
