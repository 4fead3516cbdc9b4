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
        guard bytes.count < 64, numberShape(bytes) != .none, let value = Double(String(decoding: bytes, as: UTF8.self)) else { return nil }
        return value.isFinite ? value : nil
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
