import Foundation
import TestSupport
import Testing

@testable import TrackCore

/// Observations decoded while a file is parsed (`ObservationCollector`) against the same file read as
/// nodes (`IndicatorReader.read` on a parsed document, which no collector touches): same observations,
/// same problems, whatever the file holds.
@Suite("Observations decoded while parsing")
struct ObservationCollectorTests {
    /// The indicator and errors as the loader reads them (collected) and as read from nodes.
    private func bothWays(_ text: String) -> (collected: (Indicator?, [String]), nodes: (Indicator?, [String])) {
        bothWays(bytes: Array(text.utf8))
    }

    private func bothWays(bytes: [UInt8]) -> (collected: (Indicator?, [String]), nodes: (Indicator?, [String])) {
        func errors(_ read: () throws(DiagnosticsError) -> (Indicator?, [Diagnostic])) -> (Indicator?, [String]) {
            do {
                let (indicator, problems) = try read()
                return (indicator, problems.filter { $0.severity == .error }.rendered)
            } catch {
                return (nil, error.diagnostics.rendered)
            }
        }
        let collected = errors { () throws(DiagnosticsError) in
            try IndicatorReader.read(file: "s.yaml", expectedID: "s") { collector throws(DiagnosticsError) in
                try YAMLParser.parse(bytes, file: "s.yaml", collecting: &collector)
            }
        }
        let nodes = errors { () throws(DiagnosticsError) in
            IndicatorReader.read(try YAMLParser.parse(bytes, file: "s.yaml").root, file: "s.yaml", expectedID: "s")
        }
        return (collected, nodes)
    }

    static let shapes = [
        // Plain block and flow items, quoted dates, null and absent subjects and notes, integers and decimals.
        "name: N\nobservations:\n  - date: 2025-01-01\n    subject: a\n    value: 1\n    source: s\n    note: n\n  - {date: '2025-01-02', value: -.5, source: \"t\", subject: ~, note: }\n",
        // A state indicator, its states above the list, and below it (the file is then read again).
        "name: N\nkind: state\nstates: [private, listed]\nobservations:\n  - {date: 2025-01-01, value: private, source: s}\n  - {date: 2025-01-02, value: listed, source: s}\n",
        "name: N\nobservations:\n  - {date: 2025-01-01, value: private, source: s}\nkind: state\nstates: [private, listed]\n",
        "name: N\nobservations:\n  - {date: 2025-01-01, value: 1, source: s}\nkind: state\nstates: ['1', '2']\n",
        // Anchors, aliases and tags inside the list.
        "name: N\nobservations:\n  - &a {date: 2025-01-01, value: 1, source: s}\n  - *a\n  - {date: 2025-01-03, value: !!str 2, source: s}\n",
        "name: N\nsubjects: [&m model]\nobservations:\n  - {date: 2025-01-01, subject: *m, value: 1, source: s}\n",
        // Items that are wrong in every way the thorough path explains.
        "name: N\nobservations:\n  - {date: 2025-01-01, value: 1, source: s}\n  - 5\n  - [1, 2]\n  - {date: 2025-02-30, value: 1, source: s}\n  - {date: 2025-01-05, value: '1', source: s}\n",
        "name: N\nobservations:\n  - {date: 2025-01-01, value: 1, source: s, sorce: t}\n  - {date: 2025-01-02, value: 0x1F, source: s}\n  - {date: 2025-01-03, value: .inf, source: s}\n  - {}\n",
        "name: N\nobservations:\n  - {date: 2025-01-01, value: 1, source: s, value: 2}\n",
        "name: N\nobservations:\n  - {date: 2025-01-01, value: 1, source: '  '}\n  - {date: 2025-01-01, value: {a: 1}, source: s}\n",
        "name: N\nrange: [0, 10]\nobservations:\n  - {date: 2025-01-01, value: 11, source: s}\n  - {date: 2025-01-01, value: 1e400, source: s}\n",
        // Syntax errors inside the list, before and after items that were decoded.
        "name: N\nobservations:\n  - {date: 2025-01-01, value: 1, source: s}\n  - {date: [\n",
        "name: N\nobservations: &o\n  - {date: 2025-01-01, value: 1, source: s}\n",
        "name: N\nobservations:\n  - {date: 2025-01-01, value: 1, source: s}\nobservations: []\n",
    ]

    @Test("each shape of file gives the same observations and errors both ways", arguments: shapes)
    func sameAsNodes(text: String) {
        let (collected, nodes) = bothWays(text)
        #expect(collected.1 == nodes.1)
        #expect(collected.0?.observations == nodes.0?.observations)
        #expect(collected.0?.kind == nodes.0?.kind)
    }

    @Test("every indicator file of the bad-input corpus gives the same observations and errors both ways")
    func corpusSameAsNodes() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/invalid").path
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".indicator.yaml") || $0.hasSuffix(".state.yaml") }
        #expect(names.count >= 90)
        for name in names {
            let bytes = try #require(FileManager.default.contents(atPath: directory + "/" + name))
            let (collected, nodes) = bothWays(bytes: Array(bytes))
            #expect(collected.1 == nodes.1, "\(name)")
            #expect(collected.0?.observations == nodes.0?.observations, "\(name)")
        }
    }

    @Test("mutated indicator files give the same observations and errors both ways")
    func mutatedSameAsNodes() {
        // Seeded (SplitMix64), so that a failure replays: bytes replaced, inserted or deleted, drawn from
        // what YAML gives meaning to, in well-formed files of each shape.
        var state: UInt64 = 12
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let alphabet = Array(" -:,{}[]&*!~'\"#\n\t0123456789.exdtsva".utf8)
        var compared = 0
        for seed in Self.shapes {
            for _ in 0..<150 {
                var bytes = Array(seed.utf8)
                for _ in 0...next(3) where !bytes.isEmpty {
                    let position = next(bytes.count)
                    switch next(3) {
                    case 0: bytes[position] = alphabet[next(alphabet.count)]
                    case 1: bytes.insert(alphabet[next(alphabet.count)], at: position)
                    default: bytes.remove(at: position)
                    }
                }
                let (collected, nodes) = bothWays(bytes: bytes)
                #expect(collected.1 == nodes.1, "\(String(decoding: bytes, as: UTF8.self))")
                #expect(collected.0?.observations == nodes.0?.observations, "\(String(decoding: bytes, as: UTF8.self))")
                compared += 1
            }
        }
        #expect(compared == Self.shapes.count * 150)
    }

    @Test("a collected list leaves no node in the document; an unusual item leaves them all")
    func nodesLeft() throws {
        var text = "name: N\nobservations:\n"
        for day in 0..<100 { text += "  - {date: \(Day(daysSinceEpoch: day)), value: \(day), source: s}\n" }
        var collector: ObservationCollector? = ObservationCollector()
        let document = try YAMLParser.parse(Array(text.utf8), file: "s.yaml", collecting: &collector)
        #expect(document.root?.mappingView?.value(forKey: "observations")?.items?.count == 0)
        let collected = try #require(collector)
        #expect(collected.isCollecting)
        #expect(collected.observations.map(\.value) == (0..<100).map { .number(Double($0)) })
        #expect(collected.observations.map(\.line) == Array(3..<103))

        let unusual = text + "  - {date: 2025-01-01, value: 1, source: s, extra: 1}\n"
        var giving: ObservationCollector? = ObservationCollector()
        let reread = try YAMLParser.parse(Array(unusual.utf8), file: "s.yaml", collecting: &giving)
        #expect(reread.root?.mappingView?.value(forKey: "observations")?.items?.count == 101)
        let gaveUp = try #require(giving)
        #expect(!gaveUp.isCollecting)
        #expect(gaveUp.observations.isEmpty)
    }

    @Test(
        "decimals read on the exact path equal the standard library's reading",
        arguments: [
            "0", "-0", "+5", "5.", ".5", "-.5", "1.5", "0.1", "0.3", "123456.789", "9007199254740992", "4503599627370497.5",
            "51.34020618556701", "0.0000000000000000000001", "1234567890123456789",
        ])
    func exactDecimal(text: String) throws {
        let expected = try #require(Double(text))
        let bytes = Array(text.utf8)
        let read = bytes.withUnsafeBufferPointer { YAMLScalar.finiteNumber($0) }
        #expect(read?.bitPattern == expected.bitPattern)
        // Where the exact path answers at all, it answers the same.
        if let exact = bytes.withUnsafeBufferPointer({ YAMLScalar.exactDecimal($0) }) { #expect(exact.bitPattern == expected.bitPattern) }
    }

    @Test("random decimals read on the exact path equal the standard library's reading")
    func exactDecimalRandom() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...17, using: &generator)
            var text = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            text.insert(".", at: text.index(text.startIndex, offsetBy: Int.random(in: 0...digits, using: &generator)))
            if Bool.random(using: &generator) { text = "-" + text }
            let read = Array(text.utf8).withUnsafeBufferPointer { YAMLScalar.exactDecimal($0) }
            if let read { #expect(read.bitPattern == Double(text)?.bitPattern, "\(text)") }
        }
    }
}
