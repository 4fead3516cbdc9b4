/// "Did you mean" among many names at a bounded cost per look-up. Up to `exhaustiveLimit` names,
/// every one is compared, exactly as `Suggestion.closest` does. Beyond, only a bounded set is: the
/// `window` names on each side of the word in the names sorted by prefix, and as many in the names
/// sorted by suffix (each read backwards). A typo leaves either the start or the end of a name in
/// place, so the name it misspells sorts near it in one of the two orders; two typos at both ends of
/// a name among thousands that share its start and end can be missed. Building is O(n log n), a
/// look-up O(log n) plus at most 4 × `window` bounded edit distances. Past the exhaustive limit, names are
/// compared by Unicode scalars (the same as by characters for names without combining marks).
public struct SuggestionIndex: Sendable {
    /// Up to this many names, each one is compared.
    public static let exhaustiveLimit = 256
    /// Names taken on each side of the word in each order.
    public static let window = 16

    private let names: [String]
    /// Each name lowercased, as Unicode scalars.
    private let keys: [[Unicode.Scalar]]
    /// The names' lowercased bytes with their positions, sorted; and the same bytes reversed, sorted.
    private let byPrefix: [(key: [UInt8], position: Int)]
    private let bySuffix: [(key: [UInt8], position: Int)]

    /// An index of `names`; ties in distance go to the name given first.
    public init(_ names: [String]) {
        self.names = names
        guard names.count > Self.exhaustiveLimit else {
            keys = []
            byPrefix = []
            bySuffix = []
            return
        }
        let keys = names.map { Array($0.lowercased().unicodeScalars) }
        self.keys = keys
        let forward = names.enumerated().map { (key: Array($0.element.lowercased().utf8), position: $0.offset) }
        byPrefix = forward.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        bySuffix = forward.map { (key: Array($0.key.reversed()), position: $0.position) }.sorted {
            $0.key.lexicographicallyPrecedes($1.key)
        }
    }

    /// The name closest to `word` within the distance `Suggestion.closest` allows, among those `accept` lets through.
    public func closest(to word: String, where accept: (String) -> Bool = { _ in true }) -> String? {
        guard !keys.isEmpty else { return Suggestion.closest(to: word, among: names.lazy.filter(accept)) }
        let key = Array(word.lowercased().unicodeScalars)
        let limit = max(2, word.count / 3)
        let forward = Array(word.lowercased().utf8)
        let backward = Array(forward.reversed())
        var candidates = Set<Int>()
        for (order, probe) in [(byPrefix, forward), (bySuffix, backward)] {
            // The first name that does not sort before the word, by binary search.
            var low = 0
            var high = order.count
            while low < high {
                let middle = (low + high) / 2
                if order[middle].key.lexicographicallyPrecedes(probe) { low = middle + 1 } else { high = middle }
            }
            for rank in max(0, low - Self.window)..<min(order.count, low + Self.window) { candidates.insert(order[rank].position) }
        }
        var best: (position: Int, distance: Int)?
        var rows = ([Int](), [Int]())
        for position in candidates.sorted() where abs(keys[position].count - key.count) <= limit {
            // The filter only for a name that would be chosen: it may cost more than the distance.
            guard let distance = Self.distance(key, keys[position], atMost: min(limit, (best?.distance ?? .max) - 1), rows: &rows),
                accept(names[position])
            else { continue }
            best = (position, distance)
        }
        return best.map { names[$0.position] }
    }

    /// The Levenshtein distance between `a` and `b` when it is at most `limit`, else nil (stopping early);
    /// `rows` are the two rows of the table, kept from one call to the next.
    static func distance<Element: Equatable>(_ a: [Element], _ b: [Element], atMost limit: Int, rows: inout ([Int], [Int])) -> Int? {
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
        // Taken out of `rows` (not copied), so that they are reused in place and put back.
        var previous: [Int] = []
        var current: [Int] = []
        swap(&previous, &rows.0)
        swap(&current, &rows.1)
        defer { rows = (previous, current) }
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: 0...b.count)
        current.removeAll(keepingCapacity: true)
        current.append(contentsOf: repeatElement(0, count: b.count + 1))
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
