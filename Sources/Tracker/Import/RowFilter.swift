import TrackCore
import TrackEngine

/// A condition on one column: `COL=VALUE`, `COL!=VALUE`, or a numeric bound `COL>=X` (also `>`, `<=`, `<`).
public struct RowFilter: Sendable, Hashable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        // Two-character operators first, so that `>=` is not read as `>` followed by `=`.
        case notEqual = "!="
        case atLeast = ">="
        case atMost = "<="
        case equal = "="
        case above = ">"
        case below = "<"
    }

    public var column: String
    public var comparison: Comparison
    public var value: String

    /// Reads `COL=VALUE` (or another comparison); nil when there is no operator or no column name.
    public init?(_ text: String) {
        for comparison in Comparison.allCases {
            guard let range = text.range(of: comparison.rawValue) else { continue }
            let column = String(text[..<range.lowerBound])
            // `a>=b` contains "=" too: take the operator that starts earliest, longest first.
            if Comparison.allCases.contains(where: { other in
                other != comparison && text.range(of: other.rawValue).map { $0.lowerBound < range.lowerBound } == true
            }) {
                continue
            }
            guard !column.isEmpty else { return nil }
            self.column = column
            self.comparison = comparison
            self.value = String(text[range.upperBound...])
            if comparison != .equal, comparison != .notEqual, ImportValue.number(value) == nil { return nil }
            return
        }
        return nil
    }

    public var description: String { column + comparison.rawValue + value }

    /// Whether a cell passes: text comparison for `=` and `!=`, numeric for bounds (a blank or
    /// non-numeric cell fails a bound).
    public func accepts(_ cell: String) -> Bool {
        switch comparison {
        case .equal: return cell == value
        case .notEqual: return cell != value
        default:
            guard let number = ImportValue.number(cell), let bound = ImportValue.number(value) else { return false }
            switch comparison {
            case .atLeast: return number >= bound
            case .atMost: return number <= bound
            case .above: return number > bound
            default: return number < bound
            }
        }
    }
}
