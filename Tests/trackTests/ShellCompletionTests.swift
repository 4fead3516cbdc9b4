import Foundation
import TestSupport
import Testing

/// Shell completion: forecast and indicator ids come from the workspace being typed about, and
/// `--workspace` completes folders.
@Suite("Shell completion of ids and folders (end to end)")
struct ShellCompletionTests {
    /// What the shell scripts ask track for a custom completion: the command, the argument, the index of
    /// the word being completed and the cursor in it, then every word typed.
    private func complete(_ command: String, _ words: [String], in directory: String) throws -> [String] {
        let arguments = ["---completion", command, "--", "positional@0", String(words.count - 1), "0"] + ["track"] + words
        let output = try TrackProcess.run(arguments, in: directory)
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout.split(separator: "\n").map(String.init)
    }

    @Test("forecast ids for explain, history, resolve and say; indicator ids for record, import and update")
    func ids() throws {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": SampleFiles.price,
            "indicators/gpqa.yml": "name: GPQA\nobservations: []\n",
        ])
        for command in ["explain", "history", "resolve", "say"] {
            // The two ids of SampleFiles.twoForecasts, in file order.
            #expect(try complete(command, [command, ""], in: workspace.root) == ["cheaper-tokens", "listing"], "\(command)")
        }
        for command in ["record", "import", "update"] {
            #expect(try complete(command, [command, ""], in: workspace.root) == ["gpqa", "price"], "\(command)")
        }
        // From elsewhere, the workspace named with -w.
        let elsewhere = try TemporaryWorkspace()
        #expect(try complete("record", ["record", "-w", workspace.root, ""], in: elsewhere.root) == ["gpqa", "price"])
        // No workspace: nothing, and no error.
        #expect(try complete("explain", ["explain", ""], in: elsewhere.root).isEmpty)
    }

    @Test("the bash script completes --workspace with folders")
    func folders() throws {
        let output = try TrackProcess.run(["--generate-completion-script", "bash"], in: FileManager.default.temporaryDirectory.path)
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n")
        let workspaceOption = try #require(
            lines.firstIndex { $0.contains("'-w'") || $0.contains("-w|--workspace") || $0.contains("--workspace)") })
        #expect(lines[workspaceOption...].prefix(4).contains { $0.contains("-d") }, "\(lines[workspaceOption...].prefix(4))")
    }
}
