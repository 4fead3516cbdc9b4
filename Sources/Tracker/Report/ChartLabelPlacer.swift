/// Places a chart's labels (markers, target lines, clipped bands, point counts) so that none covers
/// another text or a drawn point: each label tries its preferred place, then a line lower or higher
/// (alternating, further each time) within the plot, each with its alternative anchors; where every
/// place collides it takes the one that covers the fewest points and no text, if there is one.
///
/// Widths are estimated from the character count with a wide font's advance (DejaVu Sans, what
/// `system-ui` falls back to on Linux, is among the widest), so the estimate errs on the side of room.
struct ChartLabelPlacer {
    /// A rectangle in the chart's pixels.
    struct Box: Sendable {
        var minX: Double
        var minY: Double
        var maxX: Double
        var maxY: Double

        func intersects(_ other: Box) -> Bool {
            minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
        }
    }

    /// Where a label goes: its anchor point (text baseline) and SVG `text-anchor`.
    struct Placement: Sendable, Equatable {
        var x: Double
        var baseline: Double
        var anchor: String
    }

    /// Advance of one character of 11 px text, a little above DejaVu Sans's average for digits and lower case.
    static let characterWidth = 7.0
    /// A line of 11 px text: ascent above the baseline, descent below, and the step between staggered lines.
    static let ascent = 10.0
    static let descent = 3.0
    static let lineStep = 14.0

    /// The plot's area, which labels stay inside.
    let bounds: Box
    /// Texts already placed (and fixed texts such as an empty-chart message).
    private(set) var placed: [Box] = []
    /// The drawn points, as small boxes.
    let points: [Box]

    init(bounds: Box, points: [(x: Double, y: Double)], pointRadius: Double = 4) {
        self.bounds = bounds
        self.points = points.map {
            Box(minX: $0.x - pointRadius, minY: $0.y - pointRadius, maxX: $0.x + pointRadius, maxY: $0.y + pointRadius)
        }
    }

    /// The box `text` takes at `placement`.
    static func box(_ text: String, at placement: Placement) -> Box {
        let width = Double(text.count) * characterWidth
        let minX =
            switch placement.anchor {
            case "end": placement.x - width
            case "middle": placement.x - width / 2
            default: placement.x
            }
        return Box(minX: minX, minY: placement.baseline - ascent, maxX: minX + width, maxY: placement.baseline + descent)
    }

    /// Records a text that does not move.
    mutating func reserve(_ text: String, at placement: Placement) {
        placed.append(Self.box(text, at: placement))
    }

    /// The first free place for `text` among `preferred` (in order) and their vertical staggers; recorded as taken.
    mutating func place(_ text: String, preferred: [Placement]) -> Placement {
        var best: (placement: Placement, cost: Int)?
        let room = Int(((bounds.maxY - bounds.minY) / Self.lineStep).rounded(.up))
        for step in 0...(2 * room) {
            // 0, +1, -1, +2, -2, ... lines from the preferred baseline.
            let offset = Double(step % 2 == 1 ? (step + 1) / 2 : -(step / 2)) * Self.lineStep
            for candidate in preferred {
                let placement = Placement(x: candidate.x, baseline: candidate.baseline + offset, anchor: candidate.anchor)
                let box = Self.box(text, at: placement)
                guard box.minY >= bounds.minY, box.maxY <= bounds.maxY, box.minX >= bounds.minX - 1, box.maxX <= bounds.maxX + 1 else {
                    continue
                }
                let cost = placed.count { $0.intersects(box) } * 10_000 + points.count { $0.intersects(box) }
                if cost == 0 {
                    placed.append(box)
                    return placement
                }
                if cost < best?.cost ?? .max { best = (placement, cost) }
            }
        }
        let chosen = best?.placement ?? preferred[0]
        placed.append(Self.box(text, at: chosen))
        return chosen
    }
}
