import Foundation
import TrackCore
import TrackEngine

/// Numbers as public tables write them: `0.85`, `4.12E+23`, `77.0%`, `176,000,000,000`.
public enum ImportValue {
    /// The number in a cell, or nil when it holds none. A trailing `%` is dropped (the number is
    /// kept in percent, as written); commas are taken as thousands separators only in groups of three.
    public static func number(_ text: String) -> Double? {
        var text = CellText.trimmed(text)
        if text.hasSuffix("%") { text = CellText.trimmed(String(text.dropLast())) }
        if text.utf8.contains(UInt8(ascii: ",")) {
            let groups = text.split(separator: ".", maxSplits: 1)[0].split(separator: ",", omittingEmptySubsequences: false)
            guard groups.count > 1, (1...3).contains(groups[0].filter(\.isNumber).count),
                groups.dropFirst().allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isNumber) })
            else { return nil }
            text.removeAll { $0 == "," }
        }
        switch YAMLScalar(text).coreValue {
        case .int(let value): return Double(value)
        case .float(let value) where value.isFinite: return value
        default: return nil
        }
    }

    /// The text a number is written as: its shortest form after rounding to 12 significant digits,
    /// so that `0.85 x 100` is written `85.0`, not `85.00000000000001`.
    public static func text(_ value: Double) -> String {
        "\(value.roundedTo12Digits)"
    }
}
