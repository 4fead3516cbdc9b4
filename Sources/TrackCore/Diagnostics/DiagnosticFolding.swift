extension Diagnostic {
    /// At most `limit` diagnostics of each kind, then one line "and 1,229,998 more like it": a
    /// million observations on one date, or a hostile table with a bad cell in every row, give a
    /// screenful, not hundreds of megabytes. Two diagnostics are of a kind when they have the same
    /// file and severity and their messages differ only in numbers and quoted text.
    public static func folded(_ diagnostics: [Diagnostic], limit: Int = 20) -> [Diagnostic] {
        var counts: [String: Int] = [:]
        var kept: [(diagnostic: Diagnostic, key: String)] = []
        for diagnostic in diagnostics {
            let key = kind(of: diagnostic)
            counts[key, default: 0] += 1
            if counts[key]! <= limit { kept.append((diagnostic, key)) }
        }
        guard counts.values.contains(where: { $0 > limit }) else { return diagnostics }
        var seen: [String: Int] = [:]
        var result: [Diagnostic] = []
        for (diagnostic, key) in kept {
            result.append(diagnostic)
            seen[key, default: 0] += 1
            if seen[key] == limit, let total = counts[key], total > limit {
                result.append(
                    Diagnostic("and \(grouped(total - limit)) more like it", file: diagnostic.file, severity: diagnostic.severity))
            }
        }
        return result
    }

    /// The kind of a diagnostic: file, severity, and the message with numbers and quoted text blanked.
    private static func kind(of diagnostic: Diagnostic) -> String {
        var shape = ""
        var quoted = false
        var lastWasDigit = false
        for character in diagnostic.message {
            if character == "'" {
                quoted.toggle()
                shape.append(character)
                continue
            }
            if quoted { continue }
            if character.isNumber {
                if !lastWasDigit { shape.append("#") }
                lastWasDigit = true
                continue
            }
            lastWasDigit = false
            shape.append(character)
        }
        return "\(diagnostic.file)\u{0}\(diagnostic.severity.rawValue)\u{0}\(shape)"
    }

    /// `1229998` as `1,229,998`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (number < 0 ? "-" : "") + result
    }
}
