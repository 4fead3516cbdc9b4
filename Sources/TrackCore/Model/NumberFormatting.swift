import Foundation

/// How numbers are shown in reports and messages.
extension Double {
    /// The number as a person reads it: `1.1`, `42`, and from ten million up in scientific
    /// notation with four significant digits (`7e9`, `3.084e7`, `2.8e24`). Below that, at most 12
    /// significant digits, so the noise of binary fractions stays out (`0.1 * 0.28` is `0.028`).
    /// The value rounded to 12 significant digits (`%.12g` read back). A value whose shortest form has at most
    /// 12 digits is that already, so the common case needs no formatting through C.
    public var roundedTo12Digits: Double {
        let shortest = String(self)
        let mantissa = shortest.utf8.prefix { $0 != UInt8(ascii: "e") }
        let digits = mantissa.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let significant = digits.drop { $0 == UInt8(ascii: "0") }.reversed().drop { $0 == UInt8(ascii: "0") }.count
        if isFinite, significant <= 12 { return self }
        // C's own formatting into a small buffer: what `String(format:)` does, without building a string through Foundation.
        var buffer = [CChar](repeating: 0, count: 40)
        let written = withVaList([self]) { vsnprintf(&buffer, buffer.count, "%.12g", $0) }
        guard written > 0, written < buffer.count else { return self }
        return strtod(buffer, nil)
    }

    public var formatted: String {
        guard isFinite, abs(self) >= 1e7 else {
            guard isFinite, self != rounded(), self != 0 else {
                return self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
            }
            return String(roundedTo12Digits)
        }
        var exponent = Int(log10(abs(self)).rounded(.down))
        var mantissa = (self / pow(10, Double(exponent)) * 1000).rounded() / 1000
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        let digits = mantissa == mantissa.rounded() ? String(Int(mantissa)) : String(mantissa)
        return "\(digits)e\(exponent)"
    }

    /// Rounded to `digits` decimals, without trailing zeros: `0.35`, `12`.
    public func formatted(digits: Int) -> String {
        let scale = pow(10, Double(digits))
        return ((self * scale).rounded() / scale).formatted
    }

    /// Rounded to four significant digits: `22220`, `0.04167`, `1.2e26`.
    public var readable: String {
        guard isFinite, self != 0 else { return formatted }
        let magnitude = Int(log10(abs(self)).rounded(.down))
        let scale = pow(10, Double(3 - magnitude))
        return ((self * scale).rounded() / scale).formatted
    }

    /// A probability as a whole percentage: `55%`.
    /// (Any number: beyond what an `Int` holds, it is shown as a number, never trapped on.)
    public var percent: String {
        let value = (self * 100).rounded()
        return abs(value) < 1e15 ? "\(Int(value))%" : "\((self * 100).formatted)%"
    }
}
