import Foundation
import TestSupport
import Testing

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

@Suite("An unknown MoE design as a range that counts to the stated sizes")
struct ModelDesignRangeTests {
    private func catalogModel(_ id: String) throws -> ModelArchitecture {
        let workspace = try PluginWorkspace(
            evaluate: "threshold: {indicator: x, target: 1}", indicators: ["x": "name: X\nobservations: []\n"], deadline: "2030-01-01")
        let catalog = Catalog(workspace.engine().engine.workspace)
        return try #require(catalog.models.first { $0.id == id })
    }

    @Test(
        "every design counts the declared total and active parameters within 2%",
        arguments: [
            ("deepseek-v4-pro", [6, 8, 12, 16]), ("deepseek-v4-rumoured", [8, 16, 24, 36]), ("deepseek-v3", [4, 8, 16]),
        ])
    func countsToTheStatedSizes(id: String, experts: [Int]) throws {
        let model = try catalogModel(id)
        let total = try #require(model.declaredTotalParameters)
        let active = try #require(model.declaredActiveParameters)
        var widths: [Int] = []
        for k in experts {
            let design = try #require(model.redesigned(expertsPerToken: k))
            #expect(design.expertsPerToken == k)
            #expect(abs(design.totalParameters / total - 1) < 0.02, "\(id), \(k) experts: \(design.totalParameters)")
            #expect(abs(design.activeParameters / active - 1) < 0.02, "\(id), \(k) experts: \(design.activeParameters)")
            widths.append(design.expertFFNDimension)
        }
        // More experts per token at the same active size means narrower experts.
        #expect(widths == widths.sorted(by: >))
    }

    @Test("DeepSeek-V3 at its own 8 experts per token gives back its published width (2048) and routed experts (256)")
    func recoversV3() throws {
        // deepseek-ai/DeepSeek-V3 config: moe_intermediate_size 2048, n_routed_experts 256; declared 671B / 37B.
        let design = try #require(try catalogModel("deepseek-v3").redesigned(expertsPerToken: 8))
        #expect(abs(design.expertFFNDimension - 2048) <= 128)
        #expect(abs(design.routedExperts - 256) <= 16)
    }

    @Test("a dense model has no design range")
    func dense() throws {
        #expect(try catalogModel("llama-3.1-405b").redesigned(expertsPerToken: 8) == nil)
    }
}
