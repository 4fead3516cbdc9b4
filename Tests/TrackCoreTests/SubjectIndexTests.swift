import TestSupport
import Testing

@testable import TrackCore

@Suite("Subjects counted once per load, and suggestions among many")
struct SubjectIndexTests {
    /// Names that share their start and end by the thousand: model-0001-x ... model-2999-x.
    static let manyNames = (0..<3_000).map { "model-\(String(format: "%04d", $0))-\(["alpha", "beta", "gamma"][$0 % 3])" }

    @Test("with few names, the index answers as the exhaustive comparison does")
    func fewNames() {
        let names = ["deepseek-chat", "deepseek-v3", "gpt-4o"]
        let index = SuggestionIndex(names)
        for word in ["deepseek_chat", "deepseek-chatt", "DeepSeek-V3", "gpt-4", "claude", "deepseek-v4"] {
            #expect(index.closest(to: word) == Suggestion.closest(to: word, among: names), "\(word)")
        }
    }

    @Test("among thousands of names, a typo near the end or near the start finds the name it misspells")
    func manyNamesTypos() {
        let index = SuggestionIndex(Self.manyNames)
        // A typo late in the name keeps its start: found through the names sorted by prefix.
        #expect(index.closest(to: "model-1236-alpah") == "model-1236-alpha")
        // A typo early in the name keeps its end: found through the names sorted by suffix.
        #expect(index.closest(to: "mdoel-1236-alpha") == "model-1236-alpha")
        // A name far from all of them has no suggestion.
        #expect(index.closest(to: "zzzzzzzz-qqqq") == nil)
        // Each answer is one the exhaustive comparison accepts: within its distance limit, and no closer name exists.
        for word in ["model-2003-gamm", "modle-0042-alpha", "model-0300-beta"] {
            let found = index.closest(to: word)
            let exhaustive = Suggestion.closest(to: word, among: Self.manyNames)
            #expect(found != nil && exhaustive != nil)
            if let found, let exhaustive {
                #expect(
                    Suggestion.editDistance(word.lowercased(), found.lowercased())
                        == Suggestion.editDistance(word.lowercased(), exhaustive.lowercased()), "\(word)")
            }
        }
        // The filter is applied before choosing: excluding the best leaves the next one.
        #expect(index.closest(to: "model-1236-alpah") { $0 != "model-1236-alpha" } != "model-1236-alpha")
    }

    @Test("the bounded distance is Levenshtein's below the limit and nil above it")
    func boundedDistance() {
        for (a, b) in [("kitten", "sitting"), ("", "abc"), ("flaw", "lawn"), ("same", "same")] {
            let exact = Suggestion.editDistance(a, b)
            var rows = ([Int](), [Int]())
            #expect(SuggestionIndex.distance(Array(a), Array(b), atMost: exact, rows: &rows) == exact)
            #expect(SuggestionIndex.distance(Array(a), Array(b), atMost: exact - 1, rows: &rows) == nil || exact == 0)
        }
    }

    @Test("subjects are counted in one pass, in order of first appearance, declared ones after")
    func counts() {
        func observation(_ subject: String?, _ day: Int) -> Observation {
            Observation(
                date: Day(year: 2025, month: 1, day: day)!, subject: subject, value: .number(1), source: "s", note: nil, line: day,
                column: 3)
        }
        let counts = SubjectCounts(
            [observation("b", 3), observation("a", 1), observation(nil, 2), observation("b", 4)], declared: ["c", "a"])
        #expect(counts.names == ["b", "a"])
        #expect(counts.known == ["b", "a", "c"])
        #expect(counts.count(of: "b") == 2 && counts.count(of: "a") == 1 && counts.count(of: "c") == 0)
        #expect(counts.isKnown("c") && !counts.contains("c") && !counts.isKnown("d"))
    }

    @Test("the store counts a subject's observations through a day, and those without a subject apart")
    func storeCounts() throws {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(""),
            "indicators/mixed.yaml": """
            name: Mixed
            observations:
              - {date: 2025-01-03, subject: a, value: 1, source: s}
              - {date: 2025-01-01, value: 2, source: s}
              - {date: 2025-01-02, subject: a, value: 3, source: s}
              - {date: 2025-01-05, value: 4, source: s}

            """,
        ])
        let store = fixture.load().workspace.series
        let day = Day(year: 2025, month: 1, day: 3)!
        #expect(store.count(of: "mixed", subject: "a", through: day) == 2)
        #expect(store.count(of: "mixed", subject: nil, through: day) == 1)
        #expect(store.count(of: "mixed", subject: nil, through: day.adding(days: 5)) == 2)
        #expect(store.count(of: "mixed", subject: "b", through: day) == 0)
        #expect(store.subjects(of: "mixed").names == ["a"])
    }
}
