import Foundation
import TestSupport
import Testing
import Tracker

@Suite("The manual beside the code")
struct DocumentationTests {
    @Test("docs/evaluators.md is the page the plugins' own descriptions generate")
    func evaluatorsPage() throws {
        let committed = try String(contentsOfFile: TrackProcess.repositoryRoot + "/docs/evaluators.md", encoding: .utf8)
        let generated = PluginCatalog(registry: WorkspaceSession.evaluators).markdown() + "\n"
        #expect(committed == generated, "regenerate with: swift run track plugins --format markdown > docs/evaluators.md")
    }

    @Test("every relative link in the README and docs/ leads to a file that exists")
    func links() throws {
        let root = TrackProcess.repositoryRoot
        let pages =
            ["README.md"]
            + (try FileManager.default.contentsOfDirectory(atPath: root + "/docs")).filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        let link = /\]\(([^)#\s]+)(#[^)\s]*)?\)/
        var checked = 0
        for page in pages {
            let text = try String(contentsOfFile: root + "/" + page, encoding: .utf8)
            let folder = (page as NSString).deletingLastPathComponent
            for match in text.matches(of: link) {
                let target = String(match.1)
                guard !target.contains("://"), !target.hasPrefix("mailto:") else { continue }
                let path = ((folder.isEmpty ? "" : folder + "/") + target as NSString).standardizingPath
                #expect(FileManager.default.fileExists(atPath: root + "/" + path), "\(page) links to \(target), which does not exist")
                checked += 1
            }
        }
        #expect(checked > 20)
    }
}
