import Foundation
import TestSupport
import Testing

@testable import TrackExec

@Suite("Trust in a workspace's programs")
struct PluginTrustTests {
    /// The programs folder of the fingerprint test: a program, a link to it and a note, with fixed modes.
    private func programs() throws -> TemporaryWorkspace {
        let program = "#!/bin/sh\necho '{\"verdict\": \"untestable\", \"summary\": \"none\"}'\n"
        let workspace = try TemporaryWorkspace(["plugins/track-eval-x": program, "plugins/z-notes.txt": "read me\n"])
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: workspace.path("plugins/current"), withDestinationPath: "track-eval-x")
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: workspace.path("plugins"))
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: workspace.path("plugins/track-eval-x"))
        try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workspace.path("plugins/z-notes.txt"))
        return workspace
    }

    @Test("the fingerprint is SHA-256 over names, modes, kinds, link targets and contents, in name order")
    func fingerprint() throws {
        let workspace = try programs()
        // Computed independently with Python's hashlib over the documented stream ("plugins\0755\0dir\0",
        // "plugins/current\0777\0link\0track-eval-x\0<size>\0<contents>", "plugins/track-eval-x\0755\0file\0<size>\0<contents>",
        // "plugins/z-notes.txt\0644\0file\08\0read me\n"): the same value the hand-written SHA-256 gave before swift-crypto.
        let expected = "7c09b2717f4b74ed692400146edb645e3fde3f248b51505f7ed706a282a2f22b"
        #expect(try PluginTrust.fingerprint(workspace: workspace.root) == expected)
    }

    @Test("changing one byte of a program changes the fingerprint, and trust must be given again")
    func changeNeedsTrustAgain() throws {
        let workspace = try programs()
        let store = try TemporaryWorkspace()
        let trust = PluginTrust(environment: ["XDG_DATA_HOME": store.root])
        try trust.trust(workspace: workspace.root)
        #expect(trust.status(workspace: workspace.root) == .trusted)
        try workspace.write("plugins/z-notes.txt", "read me!\n")
        #expect(trust.status(workspace: workspace.root) == .changed)
    }
}
