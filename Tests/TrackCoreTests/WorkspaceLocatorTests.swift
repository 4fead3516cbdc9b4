import Foundation
import TestSupport
import Testing

@testable import TrackCore

@Suite("Finding the workspace")
struct WorkspaceLocatorTests {
    @Test("found in the current directory or its nearest parent, like git")
    func parentSearch() throws {
        let fixture = try TemporaryWorkspace(["predictions.yaml": SampleFiles.predictions(), "notes/deep/er/readme.txt": "x"])
        let found = try WorkspaceLocator.locate(explicit: nil, from: fixture.path("notes/deep/er"))
        #expect(URL(fileURLWithPath: found).resolvingSymlinksInPath() == URL(fileURLWithPath: fixture.root).resolvingSymlinksInPath())
    }

    @Test("an explicit directory must hold predictions.yaml")
    func explicit() throws {
        let fixture = try TemporaryWorkspace(["predictions.yaml": SampleFiles.predictions()])
        #expect(try WorkspaceLocator.locate(explicit: fixture.root, from: "/") == fixture.root)
        #expect(throws: DiagnosticsError.self) { try WorkspaceLocator.locate(explicit: fixture.path("indicators"), from: "/") }
    }

    @Test("no workspace anywhere up the tree is an error that says what to do")
    func none() throws {
        let fixture = try TemporaryWorkspace()
        do {
            _ = try WorkspaceLocator.locate(explicit: nil, from: fixture.path("indicators"))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("pass --workspace DIR"))
        }
    }
}
