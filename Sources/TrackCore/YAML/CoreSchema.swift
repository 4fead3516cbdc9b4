/// A scalar's value under the YAML 1.2 core schema: no `yes`/`no`/`on`/`off` booleans,
/// no sexagesimal numbers, no implicit dates. Only plain, untagged scalars are resolved;
/// quoted and block scalars, and those tagged `!!str`, are strings.
public enum CoreValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}

extension YAMLScalar {
    static let stringTag = "tag:yaml.org,2002:str"
    /// The plain scalars the core schema reads as null.
    static let nullSpellings = ["", "~", "null", "Null", "NULL"]
    private static let nullSpellingBytes = nullSpellings.map { Array($0.utf8) }

    /// Whether a plain scalar's bytes are one of `nullSpellings`, without making a string.
    static func isNull(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count <= 4 && nullSpellingBytes.contains { $0.count == bytes.count && $0.elementsEqual(bytes) }
    }

    /// The scalar resolved by the YAML 1.2 core schema.
    public var coreValue: CoreValue {
        guard style == .plain, tag != Self.stringTag, tag != "!" else { return .string(text) }
        if Self.nullSpellings.contains(text) { return .null }
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        if let number = Self.number(text) { return number }
        return .string(text)
    }

    /// Whether the scalar is an explicit null (`~`, `null` or nothing).
    public var isNull: Bool { coreValue == .null }

    /// Words for error messages: "the number 3", "the string 'abc'".
    var kindDescription: String {
        switch coreValue {
        case .null: "null"
        case .bool(let value): "the boolean \(value)"
        case .int, .float: "the number \(text)"
        case .string: "the string '\(text)'"
        }
    }

    /// Core schema integers (`12`, `-3`, `0o17`, `0x1F`) and floats (`1.5`, `-.5`, `2e24`).
    private static func number(_ text: String) -> CoreValue? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16).map(CoreValue.int) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8).map(CoreValue.int) }
        var text = text
        switch text.withUTF8(numberShape) {
        case .none: return nil
        case .integer: if let value = Int(text) { return .int(value) }
        case .decimal: break
        }
        return Double(text).map(CoreValue.float)
    }

    enum NumberShape { case none, integer, decimal }

    /// A finite decimal number read from a plain scalar's bytes without resolving the whole scalar:
    /// the fast path of numeric fields. Nil for anything else (hex, octal, .inf), which the slow path reads.
    static func finiteNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard bytes.count < 64 else { return nil }
        if let value = exactDecimal(bytes) { return value }
        guard numberShape(bytes) != .none, let value = Double(String(decoding: bytes, as: UTF8.self)) else { return nil }
        return value.isFinite ? value : nil
    }

    /// A decimal written `[-+]?digits[.digits]` whose digits, read as one integer, stay within 2^53, with at
    /// most 22 after the point: that integer and the power of ten are exact doubles, so one division gives
    /// the correctly rounded value, the one `Double(String)` reads (Clinger's fast path, "How to read
    /// floating point numbers accurately", 1990). Nil for anything else, which the general path reads.
    static func exactDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var position = 0
        var isNegative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            isNegative = first == UInt8(ascii: "-")
            position = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                guard digits < 19 else { return nil }  // 19 digits always fit in 64 bits
                mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            position += 1
        }
        guard digits > 0, mantissa <= 1 << 53, fractionDigits <= 22 else { return nil }
        let value = Double(mantissa) / exactPowersOfTen[fractionDigits]
        return isNegative ? -value : value
    }

    /// 10^0 ... 10^22, every one exactly representable as a double.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { power, _ in power * 10 }
    }

    /// Whether the bytes match the core schema's decimal integer or float pattern:
    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    static func numberShape(_ bytes: UnsafeBufferPointer<UInt8>) -> NumberShape {
        var position = 0
        func digits() -> Int {
            let start = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
            return position - start
        }
        func sign() {
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") { position += 1 }
        }
        sign()
        var mantissaDigits = digits()
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            isInteger = false
            let fraction = digits()
            if mantissaDigits == 0, fraction == 0 { return .none }
            mantissaDigits += fraction
        }
        guard mantissaDigits > 0 else { return .none }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            isInteger = false
            sign()
            guard digits() > 0 else { return .none }
        }
        guard position == bytes.count else { return .none }
        return isInteger ? .integer : .decimal
    }
}
