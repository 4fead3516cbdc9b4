/// "Did you mean" suggestions for misspelt names.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(2, word.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Levenshtein distance between two strings, by characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Suggestion {
    /// "'x' is not one of a, b, c; did you mean 'b'?"
    /// Lists the names when there are few enough to read at a glance.
    public static func message(unknown text: String, expected names: [String], noun: String = "") -> String {
        let listed = names.isEmpty ? "(there are none)" : names.count <= 12 ? names.joined(separator: ", ") : "\(names.count) of them"
        var message = "'\(text)' is not \(noun.isEmpty ? "one of" : "a known \(noun):") \(listed)"
        if let suggestion = closest(to: text, among: names) { message += "; did you mean '\(suggestion)'?" }
        return message
    }
}
