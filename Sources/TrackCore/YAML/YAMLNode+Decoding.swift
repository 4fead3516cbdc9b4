/// Typed values from nodes. Every failure is a `Diagnostic` at the node's own line and column.
extension YAMLNode {
    /// Any non-null scalar's text. Numbers and booleans are accepted as written (`title: 1984`).
    public func string() throws(Diagnostic) -> String {
        guard !isNull, let scalar else { throw mismatch("a string") }
        return scalar.text
    }

    /// A number (integer or decimal, YAML 1.2 core schema).
    public func double() throws(Diagnostic) -> Double {
        // Fast path for plain decimal numbers, read straight from the document's bytes.
        if let value = withPlainScalarBytes(YAMLScalar.finiteNumber) { return value }
        switch scalar?.coreValue {
        case .int(let value): return Double(value)
        case .float(let value) where value.isFinite: return value
        default: throw mismatch("a finite number")
        }
    }

    /// A number above zero (a size, a speed, a price).
    public func positive() throws(Diagnostic) -> Double {
        let value = try double()
        guard value > 0 else { throw mismatch("a number above zero") }
        return value
    }

    /// A probability: a number from 0 to 1.
    public func probability() throws(Diagnostic) -> Double {
        let value = try double()
        guard (0...1).contains(value) else {
            throw Diagnostic("probability \(scalar?.text ?? "") is outside 0...1; write 0.55 for 55%", at: mark)
        }
        return value
    }

    /// A whole number.
    public func int() throws(Diagnostic) -> Int {
        guard case .int(let value) = scalar?.coreValue else { throw mismatch("a whole number") }
        return value
    }

    /// A whole number above zero (a count of days, of GPUs).
    public func positiveInt() throws(Diagnostic) -> Int {
        guard case .int(let value) = scalar?.coreValue, value > 0 else { throw mismatch("a whole number above zero") }
        return value
    }

    /// `true` or `false` (YAML 1.2: `yes`, `no`, `on` and `off` are strings).
    public func bool() throws(Diagnostic) -> Bool {
        guard case .bool(let value) = scalar?.coreValue else { throw mismatch("true or false") }
        return value
    }

    /// A calendar day written `YYYY-MM-DD`.
    public func day() throws(Diagnostic) -> Day {
        guard let day = withPlainScalarBytes(Day.parse) ?? scalar.flatMap({ Day($0.text) }) else {
            throw mismatch("a date written YYYY-MM-DD (for example 2026-06-15)")
        }
        return day
    }

    /// A deadline: `YYYY-MM-DD`, a quarter `YYYY-Qn` (its last day) or a year `YYYY` (December 31).
    public func deadline() throws(Diagnostic) -> Deadline {
        guard let scalar, let deadline = Deadline(scalar.text) else {
            throw mismatch("a deadline written YYYY-MM-DD, YYYY-Qn (a quarter) or YYYY (a year)")
        }
        return deadline
    }

    /// The items of a list.
    public func sequence() throws(Diagnostic) -> YAMLSequence {
        guard let items else { throw mismatch("a list") }
        return items
    }

    /// The entries of a mapping.
    public func mapping() throws(Diagnostic) -> YAMLMapping {
        guard let mappingView else { throw mismatch("a mapping") }
        return mappingView
    }

    /// A list of strings; a single string is accepted as a list of one.
    public func strings() throws(Diagnostic) -> [String] {
        if scalar != nil { return [try string()] }
        var values: [String] = []
        for item in try sequence() { values.append(try item.string()) }
        return values
    }

    /// "expected X, found Y" at this node.
    public func mismatch(_ expected: String) -> Diagnostic {
        Diagnostic("expected \(expected), found \(kindDescription)", at: mark)
    }
}

extension YAMLNode {
    /// One of an enumeration's raw values, with a suggestion when the text is a near miss.
    public func oneOf<Choice: RawRepresentable & CaseIterable>(_: Choice.Type) throws(Diagnostic) -> Choice
    where Choice.RawValue == String {
        let text = try string()
        if let choice = Choice(rawValue: text) { return choice }
        let names = Choice.allCases.map(\.rawValue)
        throw Diagnostic(Suggestion.message(unknown: text, expected: names), at: mark)
    }

    /// An identifier: lower-case letters, digits, `-`, `.` and `_`, starting with a letter or digit.
    public func slug() throws(Diagnostic) -> String {
        let text = try string()
        guard Slug.isValid(text) else {
            throw Diagnostic(
                "'\(text)' is not a valid id: use lower-case letters, digits, '-', '.' and '_' (for example \(Slug.suggest(from: text)))",
                at: mark)
        }
        return text
    }
}

/// The identifiers of predictions, indicators and sources.
public enum Slug {
    public static func isValid(_ text: String) -> Bool {
        guard let first = text.utf8.first, isAlphanumeric(first) else { return false }
        return text.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") }
    }

    /// A valid id made from free text: `DeepSeek V4` -> `deepseek-v4`.
    public static func suggest(from text: String) -> String {
        let words = text.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_")) }
        return words.isEmpty ? "my-id" : words.joined(separator: "-")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
