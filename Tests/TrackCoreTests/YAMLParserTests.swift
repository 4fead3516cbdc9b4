import Foundation
import TestSupport
import Testing

@testable import TrackCore

@Suite("YAML reader")
struct YAMLParserTests {
    private func parse(_ text: String) throws -> YAMLNode {
        try #require(try YAMLParser.parse(Array(text.utf8), file: "test.yaml").root)
    }

    private func problems(_ text: String) -> [String] {
        do {
            _ = try YAMLParser.parse(Array(text.utf8), file: "test.yaml")
            return []
        } catch {
            return error.diagnostics.rendered
        }
    }

    @Test(
        "plain scalars resolve by the YAML 1.2 core schema",
        arguments: [
            ("yes", CoreValue.string("yes")), ("no", .string("no")), ("on", .string("on")), ("off", .string("off")),
            ("true", .bool(true)), ("False", .bool(false)), ("~", .null), ("null", .null), ("", .null),
            ("42", .int(42)), ("-7", .int(-7)), ("0x1F", .int(31)), ("0o17", .int(15)),
            ("1.5", .float(1.5)), ("2.8e24", .float(2.8e24)), ("-.5", .float(-0.5)), (".inf", .float(.infinity)),
            ("1e", .string("1e")), ("1.2.3", .string("1.2.3")), ("2024-12-26", .string("2024-12-26")), ("12:30", .string("12:30")),
        ])
    func coreSchema(text: String, expected: CoreValue) throws {
        let node = try parse("value: \(text)\n")
        let value = try #require(node.mappingView?["value"]?.value.scalar)
        #expect(value.coreValue == expected)
    }

    @Test("quoted and !!str scalars stay strings")
    func quotedScalarsAreStrings() throws {
        let node = try parse("a: 'true'\nb: \"12\"\nc: !!str 3.5\nd: |\n  7\n")
        let mapping = try #require(node.mappingView)
        #expect(mapping["a"]?.value.scalar?.coreValue == .string("true"))
        #expect(mapping["b"]?.value.scalar?.coreValue == .string("12"))
        #expect(mapping["c"]?.value.scalar?.coreValue == .string("3.5"))
        #expect(mapping["d"]?.value.scalar?.coreValue == .string("7\n"))
    }

    @Test("every node keeps its 1-based line and column")
    func marks() throws {
        let node = try parse("top:\n  list:\n    - first\n    - {key: value}\n")
        let list = try #require(node.mappingView?["top"]?.value.mappingView?["list"]?.value.items)
        #expect(list[0].mark.line == 3 && list[0].mark.column == 7)
        let inner = try #require(list[1].mappingView?["key"])
        #expect(inner.keyMark.line == 4 && inner.keyMark.column == 8)
        #expect(inner.value.mark.column == 13)
        #expect(node.mark.file == "test.yaml")
    }

    @Test("anchors and aliases share content")
    func aliases() throws {
        let node = try parse("base: &price {value: 1.1, unit: usd}\ncopy: *price\nlist: [&x 3, *x]\n")
        let mapping = try #require(node.mappingView)
        #expect(try mapping["copy"]?.value.mapping()["value"]?.value.double() == 1.1)
        #expect(try mapping["list"]?.value.sequence().map { try $0.int() } == [3, 3])
    }

    @Test("a billion-laughs file fails fast with an error, not a hang")
    func aliasBomb() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 9).joined(separator: ", "))]\n"
        }
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.contains("alias bomb") == true)
        #expect(found.first?.hasPrefix("test.yaml:") == true)
    }

    @Test("nesting is bounded")
    func depthLimit() {
        let text = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(problems(text).first?.contains("nesting deeper than 64 levels") == true)
        #expect(problems(String(repeating: "[", count: 60) + String(repeating: "]", count: 60)).isEmpty)
    }

    @Test("duplicate keys are errors at the second key, naming the first")
    func duplicateKeys() {
        #expect(
            problems("a: 1\nb: 2\na: 3\n") == [
                "test.yaml:3:1: error: duplicate key 'a'; it is already set at line 1, column 1: keep one"
            ])
    }

    @Test("duplicate keys are found in large mappings too, which are indexed by dictionary")
    func duplicateKeysInLargeMapping() throws {
        let keys = (0..<20).map { "k\($0): \($0)" }.joined(separator: "\n")
        #expect(problems(keys + "\nk7: again\n").first?.hasPrefix("test.yaml:21:1: error: duplicate key 'k7'") == true)
        let mapping = try #require(try parse(keys + "\n").mappingView)
        #expect(mapping.count == 20)
        #expect(try mapping["k13"]?.value.int() == 13)
        #expect(mapping["k20"] == nil)
    }

    @Test("a UTF-8 byte order mark is skipped, in memory and from a file, and errors keep their places")
    func byteOrderMark() throws {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let text = Array("name: Price\nunit: usd\n".utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bom-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(mark + text).write(to: URL(fileURLWithPath: path))
        for document in [try YAMLParser.parse(mark + text, file: "bom.yaml"), try YAMLParser.parse(fileAt: path)] {
            let root = try #require(document.root?.mappingView)
            #expect(root["name"]?.value.scalar?.coreValue == .string("Price") && root["unit"]?.value.scalar?.coreValue == .string("usd"))
            #expect(root["name"]?.value.mark.line == 1 && root["name"]?.value.mark.column == 7)
        }
        // An invalid byte at line 2, column 7, after the mark: placed there, by both readers.
        let broken = mark + Array("name: Price\nunit: ".utf8) + [0xFF] + Array("\n".utf8)
        try Data(broken).write(to: URL(fileURLWithPath: path))
        let fromMemory = Result { () throws(DiagnosticsError) in try YAMLParser.parse(broken, file: path) }
        let fromFile = Result { () throws(DiagnosticsError) in try YAMLParser.parse(fileAt: path) }
        for result in [fromMemory, fromFile] {
            guard case .failure(let error) = result else {
                Issue.record("an invalid byte was accepted")
                continue
            }
            #expect(error.diagnostics.first?.mark?.line == 2 && error.diagnostics.first?.mark?.column == 7, "\(error.diagnostics.rendered)")
        }
    }

    @Test("a second document is an error")
    func secondDocument() {
        #expect(problems("a: 1\n---\nb: 2\n").first?.hasPrefix("test.yaml:2:1: error: a second YAML document") == true)
    }

    @Test("syntax errors carry libyaml's place")
    func syntaxError() {
        let found = problems("a: 1\nb: [unclosed\nc: 3\n")
        #expect(found.count == 1)
        #expect(found.first?.contains("error: invalid YAML") == true)
    }

    @Test("unknown aliases and complex keys are errors")
    func unknownAliasAndComplexKey() {
        #expect(problems("a: *nowhere\n").first?.contains("unknown alias '*nowhere'") == true)
        #expect(problems("? [a, b]\n: 1\n").first?.contains("a mapping key must be a plain string") == true)
    }

    @Test("an empty document has no root")
    func emptyDocument() throws {
        #expect(try YAMLParser.parse(Array("# only a comment\n".utf8), file: "e.yaml").root == nil)
    }
}

@Suite("Hostile input")
struct HostileInputTests {
    /// A small deterministic generator, so that a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
    }

    @Test("random bytes and mangled files never crash the loader: they load or are reported")
    func randomInput() throws {
        var generator = Generator(state: 42)
        let pieces = [
            "observations:", "\n  - ", "date: 2025-01-01", "value: 1", "&a ", "*a", "[", "]", "{", "}", ": ", "- ", "\"", "'", "\t",
            "\u{0}", "\u{FEFF}", "#", "---\n", "? ", "|\n", "!!str ",
        ]
        let fixture = try TemporaryWorkspace(["predictions.yaml": SampleFiles.predictions()])
        for round in 0..<300 {
            var text = "name: N\n"
            for _ in 0..<(generator.next() % 40) { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            var bytes = Array(text.utf8)
            if round % 3 == 0, !bytes.isEmpty {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            try Data(bytes).write(to: URL(fileURLWithPath: fixture.path("indicators/random.yaml")))
            let result = fixture.load()
            // Either it is a valid indicator, or every problem has a place in the file.
            #expect(result.errors.allSatisfy { $0.file.hasSuffix("random.yaml") || $0.file.hasSuffix("predictions.yaml") })
        }
    }
}
