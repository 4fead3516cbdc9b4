import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import Tracker

/// The warnings a quiet run stays silent about: known by file and message, whatever line they moved to.
@Suite("Known warnings")
struct KnownWarningsTests {
    @Test("a warning moved by an edit above it, or naming other lines for the same thing, is still known; another is new")
    func moved() throws {
        let workspace = try TemporaryWorkspace(["predictions.yaml": SampleFiles.cheapForecast])
        try FileManager.default.createDirectory(atPath: workspace.path(".track"), withIntermediateDirectories: true)
        let known = KnownWarnings(workspaceRoot: workspace.root)
        let file = workspace.path("indicators/price.yaml")
        func warning(_ message: String, line: Int) -> Diagnostic {
            Diagnostic(message, at: SourceMark(file: file, line: line, column: 3), severity: .warning)
        }
        try known.remember([
            warning("the value 1000 at line 221 is far outside its neighbours (lines 220 and 222; price.yaml:220:5)", line: 221)
        ])
        // Three lines inserted above: every line number moved by three.
        let moved = warning("the value 1000 at line 224 is far outside its neighbours (lines 223 and 225; price.yaml:223:5)", line: 224)
        let other = warning("the value 2000 at line 224 is far outside its neighbours (lines 223 and 225; price.yaml:223:5)", line: 224)
        #expect(known.unseen([moved, other]).map(\.message) == [other.message])
    }
}
