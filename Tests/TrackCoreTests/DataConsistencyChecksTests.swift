import TestSupport
import Testing

@testable import TrackCore

@Suite("Data that contradict themselves: states going back, one value under two spellings of a name")
struct DataConsistencyChecksTests {
    private func warnings(_ indicator: String) throws -> [String] {
        try TemporaryWorkspace(["predictions.yaml": SampleFiles.predictions(), "indicators/series.yaml": indicator])
            .load().warnings.rendered
    }

    static let release = """
        name: Model release
        kind: state
        states: [rumoured, announced, released]
        observations:
          - {date: 2026-04-24, subject: v4, value: released, source: https://example.com/release}
          - {date: 2026-01-10, subject: v4, value: rumoured, source: https://example.com/rumour}
          - {date: 2026-06-15, subject: v4, value: rumoured, source: https://example.com/article}
          - {date: 2026-06-20, subject: v5, value: announced, source: https://example.com/v5}

        """

    @Test("a state after a later one names both lines, once per step back; earlier lines in the file are ordered by date first")
    func stateGoesBack() throws {
        // v4: rumoured (line 6, 2026-01-10), released (line 5, 2026-04-24), rumoured (line 7, 2026-06-15): one step back.
        #expect(
            try warnings(Self.release) == [
                "series.yaml:7:5: warning: 'v4' goes back from 'released' (line 5, 2026-04-24) to 'rumoured' here (2026-06-15); "
                    + "the states run rumoured, announced, released: correct the date or the state, or say in a note why it went back"
            ])
    }

    @Test("states that only move forward, or a series without subjects that stays put, raise nothing")
    func statesForward() throws {
        let forward = Self.release.replacingOccurrences(
            of: "value: rumoured, source: https://example.com/article", with: "value: released, source: https://example.com/article")
        #expect(try warnings(forward).isEmpty)
        let company = """
            name: Company
            kind: state
            states: [private, listed]
            observations:
              - {date: 2023-07-17, value: private, source: https://example.com/a}
              - {date: 2026-06-15, value: private, source: https://example.com/b}
              - {date: 2027-01-01, value: listed, source: https://example.com/c}

            """
        #expect(try warnings(company).isEmpty)
        let delisted = company + "  - {date: 2028-01-01, value: private, source: https://example.com/d}\n"
        #expect(try warnings(delisted).count == 1)
    }

    static let compute = """
        name: Training compute
        unit: flop
        better: higher
        observations:
          - {date: 2024-07-23, subject: Llama 3.1-405B, value: 3.8e25, source: https://example.com/epoch}
          - {date: 2024-07-23, subject: Llama 3.1 405B, value: 3.8e25, source: https://example.com/open-models}
          - {date: 2024-07-24, subject: llama-3.1-405b, value: 3.8e25, source: https://example.com/report}
          - {date: 2024-05-13, subject: gpt-4o-2024-05-13, value: 3.81e25, source: https://example.com/a}
          - {date: 2024-05-13, subject: GPT-4o, value: 3.81e25, source: https://example.com/b}
          - {date: 2024-05-13, subject: GPT-4o, value: 3.81e25, source: https://example.com/c}
          - {date: 2023-03-14, subject: gpt-4, value: 2.1e25, source: https://example.com/d}
          - {date: 2023-06-13, subject: gpt-4-turbo, value: 2.1e25, source: https://example.com/e}
          - {date: 2022-01-01, subject: gpt-3, value: 3.1e23, source: https://example.com/f}
          - {date: 2022-01-01, subject: gpt-2, value: 3.1e23, source: https://example.com/g}
          - {date: 2024-08-06, subject: gpt-4o-2024-08-06, value: 0.3, source: https://example.com/h}
          - {date: 2024-11-20, subject: gpt-4o-2024-11-20, value: 0.3, source: https://example.com/i}

        """

    @Test(
        "one value under names that differ in case, spaces, punctuation or a date suffix is a likely alias, named once per pair; two dated versions are not"
    )
    func aliases() throws {
        #expect(
            try warnings(Self.compute) == [
                "series.yaml:6:5: warning: 'Llama 3.1 405B' has the value 3.8e25 that 'Llama 3.1-405B' has at line 5, and the two names "
                    + "differ only in spelling or a version suffix: likely one model under two names, counted twice; "
                    + "keep one subject, or say in a note why both",
                "series.yaml:7:5: warning: 'llama-3.1-405b' has the value 3.8e25 that 'Llama 3.1-405B' has at line 5, and the two names "
                    + "differ only in spelling or a version suffix: likely one model under two names, counted twice; "
                    + "keep one subject, or say in a note why both",
                "series.yaml:9:5: warning: 'GPT-4o' has the value 3.81e25 that 'gpt-4o-2024-05-13' has at line 8, and the two names "
                    + "differ only in spelling or a version suffix: likely one model under two names, counted twice; "
                    + "keep one subject, or say in a note why both",
            ])
    }

    @Test("an ASCII name is split and lowered as the Unicode rules would: letters and digits kept, the rest splits")
    func asciiSpelling() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09 -._/()+#Qx")
        for _ in 0..<2000 {
            let name = String((0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let unicode = name.lowercased().split { !$0.isLetter && !$0.isNumber }.joined()
            #expect(DataConsistencyChecks.spelling(name) == unicode, "\(name)")
        }
        #expect(DataConsistencyChecks.spelling("Qwen3‑235B 思考") == "qwen3235b思考")
    }

    @Test("the name key ignores case and punctuation and drops a date or version suffix, never a short model number")
    func aliasKey() {
        #expect(DataConsistencyChecks.aliasKey("Llama 3.1-405B") == "llama31405b")
        #expect(DataConsistencyChecks.aliasKey("gpt-4o-2024-05-13") == "gpt4o")
        #expect(DataConsistencyChecks.aliasKey("gpt-4o-0513") == "gpt4o")
        #expect(DataConsistencyChecks.aliasKey("claude-3-5-sonnet-20240620") == DataConsistencyChecks.aliasKey("Claude 3.5 Sonnet"))
        #expect(DataConsistencyChecks.aliasKey("gpt-4") != DataConsistencyChecks.aliasKey("gpt-3"))
        #expect(DataConsistencyChecks.aliasKey("qwen2-72b") != DataConsistencyChecks.aliasKey("qwen2.5-72b"))
        #expect(DataConsistencyChecks.aliasKey("123") == "123")
    }
}
