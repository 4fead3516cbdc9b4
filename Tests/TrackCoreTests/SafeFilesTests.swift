import Foundation
import TestSupport
import Testing

@testable import TrackCore

@Suite("Safe writes and reads, and text safe for a terminal")
struct SafeFilesTests {
    @Test("a write replaces the file, keeps its permissions and leaves no temporary file")
    func write() throws {
        let fixture = try TemporaryWorkspace(["indicators/a.yaml": "old\n"])
        chmod(fixture.path("indicators/a.yaml"), 0o600)
        try AtomicFile.write("new\n", to: fixture.path("indicators/a.yaml"), within: fixture.root)
        #expect(try String(contentsOfFile: fixture.path("indicators/a.yaml"), encoding: .utf8) == "new\n")
        var status = stat()
        stat(fixture.path("indicators/a.yaml"), &status)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.path("indicators")) == ["a.yaml"])
    }

    @Test("a target that is a link, a FIFO or a folder is refused, and what it points to is untouched")
    func nonRegularTargets() throws {
        let fixture = try TemporaryWorkspace()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("track-victim-\(UUID().uuidString)").path
        try "precious\n".write(toFile: outside, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: fixture.path("indicators/link.yaml"), withDestinationPath: outside)
        #expect(mkfifo(fixture.path("indicators/fifo.yaml"), 0o644) == 0)
        try FileManager.default.createDirectory(atPath: fixture.path("indicators/dir.yaml"), withIntermediateDirectories: true)
        for name in ["link.yaml", "fifo.yaml", "dir.yaml"] {
            #expect(throws: AtomicFile.Failure.self) {
                try AtomicFile.write("x\n", to: fixture.path("indicators/" + name), within: fixture.root)
            }
            #expect(throws: WorkspaceFile.Refused.self) { try WorkspaceFile.read(fixture.path("indicators/" + name), within: fixture.root) }
        }
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "precious\n")
    }

    @Test("a folder linked out of the workspace is not written into")
    func linkedFolder() throws {
        let fixture = try TemporaryWorkspace()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("track-outside-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: fixture.path("linked"), withDestinationPath: outside)
        #expect(throws: WorkspaceFile.Refused.self) { try AtomicFile.write("x\n", to: fixture.path("linked/a.yaml"), within: fixture.root) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    @Test(
        "control characters are written as \\u escapes; newline, tab and other text pass; colours kept only when asked",
        arguments: [
            ("plain text, tab\there\nand a new line", "plain text, tab\there\nand a new line"),
            ("title \u{1B}]0;pwned\u{07} set", "title \\u001B]0;pwned\\u0007 set"),
            ("return\rover", "return\\u000Dover"),
            ("C1 \u{9B}31m and DEL \u{7F}", "C1 \\u009B31m and DEL \\u007F"),
            ("é ü 中 🙂", "é ü 中 🙂"),
        ])
    func escaping(input: String, expected: String) {
        #expect(TerminalText.escaped(input) == expected)
    }

    @Test("track's own colour sequences survive when kept; any other sequence (hidden text, a cleared screen) does not")
    func styles() {
        #expect(TerminalText.escaped("\u{1B}[31mred\u{1B}[0m", keepingStyles: true) == "\u{1B}[31mred\u{1B}[0m")
        #expect(TerminalText.escaped("\u{1B}[2J", keepingStyles: true) == "\\u001B[2J")
        // ESC[8m hides what follows; ESC[1;31m is not one of track's own sequences either.
        #expect(TerminalText.escaped("\u{1B}[8msecret", keepingStyles: true) == "\\u001B[8msecret")
        #expect(TerminalText.escaped("\u{1B}[1;31mred", keepingStyles: true) == "\\u001B[1;31mred")
        #expect(TerminalText.escaped("\u{1B}[31mred", keepingStyles: false) == "\\u001B[31mred")
    }

    @Test("bidirectional embeddings, overrides and isolates are escaped: U+202E cannot make text read backwards")
    func bidirectional() {
        #expect(TerminalText.escaped("invoice\u{202E}fdp.exe") == "invoice\\u202Efdp.exe")
        #expect(TerminalText.escaped("a\u{2066}b\u{2069}c\u{202A}d") == "a\\u2066b\\u2069c\\u202Ad")
        // Right-to-left text itself is data, not an override: it passes.
        #expect(TerminalText.escaped("שלום") == "שלום")
    }

    @Test("an excerpt of foreign text is escaped and cut, its full length said")
    func excerpt() {
        let cell = String(repeating: "x", count: 20_000_000)
        let shown = TerminalText.excerpt(cell)
        #expect(shown == String(repeating: "x", count: 60) + "… (20000000 characters)")
        #expect(TerminalText.excerpt("a\u{1B}[8mb") == "a\\u001B[8mb")
    }
}
