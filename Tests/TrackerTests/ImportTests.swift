import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

@Suite("Importing tables of observations")
struct ImportTests {
    // MARK: Reading tables

    @Test("CSV: quoted commas, doubled quotes, line breaks in quotes, CRLF, a byte-order mark and short rows")
    func csvQuoting() throws {
        let text = "\u{FEFF}model,score,notes\r\n\"a, b\",0.5,\"said \"\"hi\"\"\"\r\nc,0.7,\"two\nlines\"\r\nd,0.9\r\n"
        let table = try ImportTable.csv(text, file: "t.csv")
        #expect(table.columns == ["model", "score", "notes"])
        #expect(table.rows.map(\.cells) == [["a, b", "0.5", "said \"hi\""], ["c", "0.7", "two\nlines"], ["d", "0.9", ""]])
        // The third record starts on line 3 and spans two lines; the next starts on line 5.
        #expect(table.rows.map(\.line) == [2, 3, 5])
        #expect(table.mark(row: table.rows[0], column: 1) == SourceMark(file: "t.csv", line: 2, column: 8))
    }

    @Test("CSV: columns count characters, not bytes; blanks around unquoted cells go, Unicode spaces included")
    func csvUnicode() throws {
        // "é" and "€" are two and three bytes in UTF-8, one column each; U+00A0 and U+2003 are space separators.
        let text = "name,price,note\nrésumé,\u{00A0}€5 ,\u{2003}cheap\u{2003}\n\"ü\" ,x,\" kept \"\n"
        let table = try ImportTable.csv(text, file: "t.csv")
        #expect(table.rows.map(\.cells) == [["résumé", "€5", "cheap"], ["ü", "x", " kept "]])
        #expect(table.mark(row: table.rows[0], column: 1) == SourceMark(file: "t.csv", line: 2, column: 8))
        #expect(table.mark(row: table.rows[0], column: 2) == SourceMark(file: "t.csv", line: 2, column: 13))
        #expect(
            diagnostics { _ = try ImportTable.csv("a,b\n\"é\"ü,1\n", file: "t.csv") } == [
                "t.csv:2:4: error: text after a closing quote; a quote inside a quoted field is written twice (\"\")"
            ])
        // The trimming agrees with Foundation's on every kind of blank.
        for blank in ["\u{00A0}", "\u{2003}", "\u{3000}", "\t", " ", "\u{2028}", "\u{0085}", "\r", "\n"] {
            let cell = blank + "v" + blank
            #expect(CellText.trimmed(cell) == cell.trimmingCharacters(in: .whitespaces), "\(blank.unicodeScalars.first!.value)")
            #expect(CellText.trimmed(cell, newlines: true) == cell.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    @Test("CSV: an unclosed quote, text after a closing quote and too many cells are errors with their place")
    func csvErrors() {
        #expect(
            diagnostics { _ = try ImportTable.csv("a,b\n1,\"open\n", file: "t.csv") } == [
                "t.csv:2:3: error: this quoted field is never closed; add the closing quote (\")"
            ])
        #expect(
            diagnostics { _ = try ImportTable.csv("a,b\n1,\"x\"y\n", file: "t.csv") }.first?.hasPrefix(
                "t.csv:2:6: error: text after a closing quote") == true)
        #expect(
            diagnostics { _ = try ImportTable.csv("a,b\n1,2,3\n4,5\n", file: "t.csv") }.first?.hasPrefix(
                "t.csv:2:1: error: row has 3 cells") == true)
        #expect(diagnostics { _ = try ImportTable.csv("", file: "t.csv") }.count == 1)
    }

    @Test("JSON: an array of objects; numbers, strings and null become cells")
    func json() throws {
        let data = Data(#"[{"date": "2025-01-02", "value": 0.5}, {"date": "2025-02-03", "value": 12, "note": null}]"#.utf8)
        let table = try ImportTable.json(data, file: "t.json")
        #expect(table.columns == ["date", "value", "note"])
        #expect(table.rows.map(\.cells) == [["2025-01-02", "0.5", ""], ["2025-02-03", "12.0", ""]])
        #expect(throws: DiagnosticsError.self) { try ImportTable.json(Data(#"{"date": 1}"#.utf8), file: "t.json") }
    }

    @Test("a join adds the other table's columns by key; rows without a match get blanks")
    func join() throws {
        let runs = try ImportTable.csv("model,score\nm1,0.5\nm2,0.6\nm3,0.7\n", file: "runs.csv")
        let models = try ImportTable.csv("id,released,score\nm2,2025-02-01,x\nm1,2025-01-01,y\n", file: "models.csv")
        let joined = try runs.joined(with: models, on: "model", equals: "id")
        #expect(joined.columns == ["model", "score", "released"])
        #expect(joined.rows.map(\.cells) == [["m1", "0.5", "2025-01-01"], ["m2", "0.6", "2025-02-01"], ["m3", "0.7", ""]])
    }

    // MARK: Cells

    @Test(
        "dates in the forms public tables use",
        arguments: [
            ("2025-03-01", (2025, 3, 1)), ("2025-03-01T10:40:00Z", (2025, 3, 1)), ("2025/3/1", (2025, 3, 1)),
            ("1 April 2025 10:40am", (2025, 4, 1)), ("17 November 2025 4:28pm", (2025, 11, 17)), ("1 Apr 2025", (2025, 4, 1)),
            ("April 1, 2025", (2025, 4, 1)), ("Sept 30, 2024", (2024, 9, 30)), ("6/18/2025 11:40am", (2025, 6, 18)),
            ("2025-03", (2025, 3, 1)), (" 2024-12-26 ", (2024, 12, 26)),
        ])
    func dates(text: String, expected: (Int, Int, Int)) {
        #expect(TableDate.parse(text) == Day(year: expected.0, month: expected.1, day: expected.2))
    }

    @Test(
        "text that is no date, or no real day, is refused",
        arguments: [
            "", "2025", "2025-13-01", "2025-02-30", "31 June 2025", "April 2025", "1 April 25", "17 November 2025 25:00", "soon",
            "2025-03-01x",
        ])
    func notDates(text: String) {
        #expect(TableDate.parse(text) == nil)
    }

    @Test("numbers: percent signs and thousands separators; scaled values are written without float noise")
    func numbers() {
        #expect(ImportValue.number("77.0%") == 77)
        #expect(ImportValue.number("176,000,000,000") == 176e9)
        #expect(ImportValue.number("4.12E+23") == 4.12e23)
        #expect(ImportValue.number("1,00") == nil)
        #expect(ImportValue.number("n/a") == nil)
        // 0.57 x 100 is 56.99999999999999 in binary floating point.
        #expect(0.57 * 100 != 57)
        #expect(ImportValue.text(0.57 * 100) == "57.0")
        #expect(ImportValue.text(0.357 * 100) == "35.7")
        #expect(ImportValue.text(3.8e25) == "3.8e+25")
    }

    @Test(
        "filters: equality on text, bounds on numbers",
        arguments: [
            ("task=GPQA diamond", "GPQA diamond", true), ("task=GPQA diamond", "MATH", false), ("task!=MATH", "GPQA", true),
            ("flop>=1e24", "3.8e25", true), ("flop>=1e24", "9e23", false), ("flop>=1e24", "", false), ("x<2", "1.5", true),
            ("x>2", "2", false),
        ])
    func filters(text: String, cell: String, accepted: Bool) throws {
        let filter = try #require(RowFilter(text))
        #expect(filter.accepts(cell) == accepted)
    }

    @Test("a filter needs a column and an operator; a bound needs a number")
    func badFilters() {
        #expect(RowFilter("task") == nil)
        #expect(RowFilter("=x") == nil)
        #expect(RowFilter("flop>=big") == nil)
        #expect(RowFilter("a>=1")?.comparison == .atLeast)
    }

    // MARK: Importing into an indicator file

    private static let indicator = """
        name: Score   # kept
        unit: percent
        better: higher
        subjects: [zephyr]
        observations:
          - date: 2025-01-10
            subject: alpha
            value: 50.0
            source: https://example.com/a
          # a comment that stays
          - date: 2025-06-01
            subject: bravo
            value: 60.0
            source: https://example.com/b

        """

    private static let table = """
        model,run date,score,origin
        charlie,17 November 2025 4:28pm,0.7,https://example.com/c
        alpha,2025-01-10,0.5,https://example.com/other
        delta,2025-03-01,0.65,https://example.com/d

        """

    private func mapping(source: ImportMapping.Source = .column("origin")) -> ImportMapping {
        var mapping = ImportMapping(source: source)
        mapping.dateColumn = "run date"
        mapping.valueColumn = "score"
        mapping.subjectColumn = "model"
        mapping.scale = 100
        return mapping
    }

    private func run(
        _ table: String = table, into text: String = indicator, mapping: ImportMapping? = nil, policy: IndicatorMerge.Policy = .init()
    ) throws -> ObservationImport.Report {
        try ObservationImport.run(
            ImportTable.csv(table, file: "t.csv"), mapping: mapping ?? self.mapping(), into: text, file: "s.yaml", indicatorID: "s",
            policy: policy)
    }

    @Test("new rows go in date order, the same fact already there is skipped, other bytes stay")
    func merge() throws {
        let report = try run()
        let text = try #require(report.merge.text)
        #expect(report.merge.added.map(\.entry.subject) == ["delta", "charlie"])
        #expect(report.merge.duplicates.map(\.existingLine) == [6])
        let (indicator, problems) = IndicatorReader.check(text, file: "s.yaml", id: "s")
        #expect(problems.isEmpty)
        #expect(indicator?.observations.map(\.subject) == ["alpha", "delta", "bravo", "charlie"])
        #expect(indicator?.observations.map(\.value.number) == [50, 65, 60, 70])
        // Removing the added lines gives back the original text, byte for byte.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for added in report.merge.added.reversed() { lines.removeSubrange((added.line - 1)..<(added.line - 1 + added.lineCount)) }
        #expect(lines.joined(separator: "\n") == Self.indicator)

        // Importing the same table into the result adds nothing.
        let again = try run(into: text)
        #expect(again.merge.text == nil)
        #expect(again.merge.added.isEmpty && again.merge.duplicates.count == 3)
    }

    @Test("a different value for a date and subject already there is an error unless replace; then the old entry goes")
    func conflicts() throws {
        let table = "model,run date,score,origin\nbravo,2025-06-01,0.61,https://example.com/fix\n"
        #expect(
            diagnostics { _ = try run(table) } == [
                "t.csv:2:18: error: 'bravo' on 2025-06-01 already has the value 60.0 at s.yaml:11; this would add 61.0 (pass --replace to replace it, or --keep-existing to keep it)"
            ])
        let report = try run(table, policy: IndicatorMerge.Policy(replace: true))
        let indicator = IndicatorReader.check(try #require(report.merge.text), file: "s.yaml", id: "s").0
        #expect(indicator?.observations.map(\.value.number) == [50, 61])
        #expect(indicator?.observations.last?.source == "https://example.com/fix")
        #expect(report.merge.replaced.map(\.line) == [11])
        let kept = try run(table, policy: IndicatorMerge.Policy(keepExisting: true))
        #expect(kept.merge.text == nil && kept.merge.shadowed.map(\.keptAt) == ["s.yaml:11"])
    }

    @Test("a table that gives two values for one date and subject is refused, naming both rows")
    func conflictWithinTable() {
        let table = "model,run date,score,origin\necho,2025-02-01,0.5,s\necho,2025-02-01,0.6,s\necho,2025-02-01,0.5,s\n"
        #expect(
            diagnostics { _ = try run(table) } == [
                "t.csv:3:17: error: 'echo' on 2025-02-01 is given twice with different values (50.0 and 60.0); the other is at t.csv:2:17 (pass --keep-first to keep the first)"
            ])
        let kept = try? run(table, policy: IndicatorMerge.Policy(keepFirst: true))
        #expect(kept?.merge.added.map(\.entry.value) == ["50.0"])
        #expect(kept?.merge.shadowed.map(\.entry.value) == ["60.0"])
        #expect(kept?.merge.duplicates.count == 1)
    }

    @Test("every bad row is reported with its file, line, column and column name; nothing is returned")
    func rowErrors() {
        let table =
            "model,run date,score,origin\nfoxtrot,yesterday,0.5,s\ngolf,2025-02-01,high,s\nhotel,2025-02-01,,s\nindia,2025-02-01,0.1,s\n"
        #expect(
            diagnostics { _ = try run(table) } == [
                "t.csv:2:9: error: column 'run date': 'yesterday' is not a date in a form track reads (2025-03-01, 1 April 2025 10:40am, Apr 1, 2025, 2025-03)",
                "t.csv:3:17: error: column 'score': 'high' is not a number (like 0.85, 77.0%, 4.12e23 or 1,000)",
                "t.csv:4:18: error: column 'score': the cell is blank (pass --skip-incomplete to skip rows with blank cells)",
            ])
        var skipping = mapping()
        skipping.skipIncomplete = true
        skipping.filters = [RowFilter("model!=foxtrot")!, RowFilter("model!=golf")!]
        let report = try? run(table, mapping: skipping)
        #expect(report?.incomplete == 1 && report?.filteredOut == 2 && report?.merge.added.count == 1)
    }

    @Test("an unknown column is named with the flag and a suggestion")
    func unknownColumn() {
        var mapping = mapping()
        mapping.valueColumn = "scores"
        #expect(diagnostics { _ = try run(mapping: mapping) }.first?.contains("--value: no column 'scores' in this table") == true)
        #expect(diagnostics { _ = try run(mapping: mapping) }.first?.contains("did you mean 'score'?") == true)
    }

    @Test("a new subject close to an existing or declared one is refused unless new subjects are allowed")
    func nearSubjects() throws {
        for typo in ["alpah", "Alpha", "zephir"] {
            let table = "model,run date,score,origin\n\(typo),2025-02-01,0.5,s\n"
            #expect(diagnostics { _ = try run(table) }.first?.contains("subject '\(typo)' is new to s; did you mean") == true)
            #expect(try run(table, policy: IndicatorMerge.Policy(allowNewSubjects: true)).merge.newSubjects == [typo])
        }
        // A declared subject is not new: no question asked.
        #expect(try run("model,run date,score,origin\nzephyr,2025-02-01,0.5,s\n").merge.newSubjects.isEmpty)
    }

    @Test(
        "a likely typo is close; another version number is not",
        arguments: [
            ("deepseek_chat", "deepseek-chat"), ("deepseek-chatt", "deepseek-chat"), ("DeepSeek-V3", "deepseek-v3"), ("deepseek-v4", nil),
            ("claude-3-opus", nil),
        ] as [(String, String?)])
    func closeSubjects(subject: String, expected: String?) {
        #expect(IndicatorMerge.closeSubject(to: subject, among: ["deepseek-chat", "deepseek-v3", "gpt-4o"]) == expected)
    }

    @Test("among hundreds of subjects, a typo is still caught, and new subjects far from all are accepted")
    func closeSubjectsAmongMany() {
        let known = Set((0..<600).map { String(format: "lab-%03d-model", $0) })
        #expect(IndicatorMerge.closeSubject(to: "lab-042-modle", among: known) == "lab-042-model")
        #expect(IndicatorMerge.closeSubject(to: "lba-042-model", among: known) == "lab-042-model")
        #expect(IndicatorMerge.closeSubject(to: "qwen-2.5-max", among: known) == nil)
        // Another version number is not a typo, however many names there are.
        #expect(IndicatorMerge.closeSubject(to: "lab-043-model", among: known.subtracting(["lab-043-model"])) == nil)
    }

    @Test("importing the same table again into the file it left is answered from memory, with the counts a full import prints")
    func repeatedImport() throws {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(), "indicators/price.yaml": SampleFiles.priceIndicator,
            "table.csv": "date,model,usd\n2025-10-01,v3,0.40\n2025-10-02,v3.2,0.30\n2024-12-26,v3,1.10\n",
        ])
        let session = try WorkspaceSession(explicit: fixture.root)
        func importTable() throws -> ObservationImport.Report {
            var mapping = ImportMapping(source: .fixed("https://example.com/t"))
            mapping.valueColumn = "usd"
            mapping.subjectColumn = "model"
            let table = try ImportTable.load(path: fixture.path("table.csv"), join: nil)
            return try session.importTable(
                table, mapping: mapping, into: "price", policy: IndicatorMerge.Policy(), create: nil, dryRun: false
            ).report
        }
        let first = try importTable()
        #expect((first.merge.added.count, first.duplicateCount) == (2, 1))
        let memoryPath = fixture.path(".track/imports/price.json")
        #expect(FileManager.default.fileExists(atPath: memoryPath))
        // The full import of the same table: every row there already.
        let second = try importTable()
        #expect((second.rowCount, second.merge.added.count, second.duplicateCount) == (3, 0, 3))
        #expect(second.repeated != nil)
        // Answered from memory: a count planted there is what comes back.
        let planted = try String(contentsOfFile: memoryPath, encoding: .utf8).replacingOccurrences(
            of: "\"duplicates\" : 3", with: "\"duplicates\" : 99")
        try planted.write(toFile: memoryPath, atomically: true, encoding: .utf8)
        #expect(try importTable().duplicateCount == 99)
        // The file changed since (a comment added): read in full again.
        let file = fixture.path("indicators/price.yaml")
        try (String(contentsOfFile: file, encoding: .utf8) + "# checked\n").write(toFile: file, atomically: true, encoding: .utf8)
        let reread = try importTable()
        #expect(reread.repeated == nil && reread.duplicateCount == 3)
    }

    @Test("values are written as typed unless the table carries float noise")
    func writtenValues() throws {
        let table = try ImportTable.csv(
            "date,value\n2025-01-01,1.2e26\n2025-01-02,2.4999999999999997e+24\n2025-01-03,77.0%\n", file: "t.csv")
        let entries = try ObservationImport.entries(from: table, mapping: ImportMapping(source: .fixed("s")), kind: .numeric).entries
        #expect(entries.map(\.value) == ["1.2e26", "2.5e+24", "77.0"])
    }

    @Test("a fixed citation serves as every row's source; a file with an empty list gets a block list")
    func fixedSourceIntoEmptyList() throws {
        let empty = "name: Score\nobservations: []\n"
        let report = try run(into: empty, mapping: mapping(source: .fixed("https://example.com/table.csv")))
        let indicator = IndicatorReader.check(try #require(report.merge.text), file: "s.yaml", id: "s").0
        #expect(indicator?.observations.count == 3)
        #expect(Set(indicator?.observations.map(\.source) ?? []) == ["https://example.com/table.csv"])
        #expect(indicator?.observations.map(\.date) == ["2025-01-10", "2025-03-01", "2025-11-17"].map { Day($0)! })
    }

    @Test("thousands of rows are one edit that reads back complete")
    func manyRows() throws {
        var table = "model,run date,score,origin\n"
        for index in 0..<3000 { table += "m\(index),\(Day("2020-01-01")!.adding(days: index)),0.5,s\n" }
        let report = try run(table, mapping: mapping(), policy: IndicatorMerge.Policy(allowNewSubjects: true))
        let indicator = IndicatorReader.check(try #require(report.merge.text), file: "s.yaml", id: "s").0
        #expect(indicator?.observations.count == 3002)
        let dates = indicator?.observations.map(\.date) ?? []
        #expect(zip(dates, dates.dropFirst()).allSatisfy { $0 <= $1 })
    }

    /// The diagnostics `body` throws, rendered; ["not diagnostics: ..."] for any other error.
    private func diagnostics(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let error as DiagnosticsError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["not diagnostics: \(error)"]
        }
    }
}
