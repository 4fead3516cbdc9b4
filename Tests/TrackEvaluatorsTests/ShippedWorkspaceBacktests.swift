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

/// The shipped workspace, evaluated as of past and future days: results change as the data say they should.
@Suite("Backtests of the shipped workspace")
struct ShippedWorkspaceBacktests {
    /// A copy of the shipped workspace in a temporary directory, with extra observations appended.
    final class Copy {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("track-shipped-\(UUID().uuidString)").path

        init(appending additions: [String: String] = [:]) throws {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            for item in ["predictions.yaml", "track.yaml", "indicators", "plugins", "catalog"] {
                try FileManager.default.copyItem(atPath: TrackProcess.repositoryRoot + "/" + item, toPath: root + "/" + item)
            }
            for (indicator, lines) in additions {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: root + "/indicators/\(indicator).yaml"))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(lines.utf8))
                try handle.close()
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func engine() throws -> EvaluationEngine {
            let result = WorkspaceLoader.load(root: root)
            let engine = EvaluationEngine(workspace: result.workspace, registry: BuiltInEvaluators.registry)
            let problems = result.errors + engine.diagnostics.filter { $0.severity == .error }
            try #require(problems.isEmpty, "\(problems)")
            return engine
        }
    }

    private func evaluate(_ engine: EvaluationEngine, _ id: String, _ day: String) throws -> Evaluation {
        engine.evaluate(try #require(engine.workspace.prediction(id)), asOf: try #require(Day(day)))
    }

    @Test("evaluating every forecast at once (in parallel) gives what evaluating them one by one gives")
    func parallelEqualsSequential() throws {
        let engine = try Copy().engine()
        let day = try #require(Day("2026-11-29"))
        let together = engine.evaluateAll(asOf: day)
        let oneByOne = engine.workspace.predictions.map { engine.evaluate($0, asOf: day) }
        #expect(together.map(\.predictionID) == oneByOne.map(\.predictionID))
        #expect(together.map(\.status) == oneByOne.map(\.status))
        #expect(together.map(\.probability) == oneByOne.map(\.probability))
        #expect(together.map(\.summary) == oneByOne.map(\.summary))
    }

    @Test(
        "every configured forecast gets a real status on every day, never an error",
        arguments: [
            "2024-01-01", "2025-06-30", "2026-06-15", "2026-11-29", "2027-10-01", "2030-01-01",
        ])
    func noErrors(day: String) throws {
        let engine = try Copy().engine()
        for evaluation in engine.evaluateAll(asOf: try #require(Day(day))) {
            #expect(evaluation.status != .error, "\(evaluation.predictionID): \(evaluation.summary)")
            if engine.workspace.prediction(evaluation.predictionID)?.evaluate != nil {
                #expect(evaluation.summary != "no evaluator configured")
            }
        }
    }

    @Test("below cloud prices is checked on the deadline, comparable model against comparable model")
    func pricesBelowCloud() throws {
        let engine = try Copy().engine()
        // DeepSeek-V4-Flash's $0.28 is far below 0.7 x GPT-5.4 mini's $4.50, but the forecast asks about 2027-12-31.
        let before = try evaluate(engine, "inference-prices-below-cloud", "2026-07-01")
        #expect(before.status == .onTrack)
        #expect(before.summary.contains("target 3.15"))
        let after = try evaluate(engine, "inference-prices-below-cloud", "2028-01-01")
        #expect(after.status == .met)
        #expect(after.evidence.contains { $0.indicator == "openai-api-output-price" })
        // A price rise above 0.7 x $4.50 before the deadline is what holds on it: missed.
        let rise = try Copy(appending: [
            "deepseek-api-output-price":
                "  - {date: 2027-06-01, subject: deepseek-v4-flash, value: 4.0, source: https://example.com/price}\n"
        ])
        #expect(try evaluate(try rise.engine(), "inference-prices-below-cloud", "2028-01-01").status == .missed)
    }

    @Test("V4 came out (2026-04-24) before the forecast was made: its scores then say where it stands, but are not the event")
    func v4ReleasedBeforeTheForecast() throws {
        let engine = try Copy().engine()
        let now = try evaluate(engine, "v4-sota-reasoning", "2026-11-29")
        #expect(now.status == .behind)
        // DeepSeek's table of 2026-04-24 (V4-Pro 90.1 against Gemini-3.1-Pro 94.3) predates the forecast of 2026-06-15.
        #expect(now.summary.contains("deepseek-v4 at 90.1 on gpqa-diamond (2026-04-24) is behind gemini-3.1-pro at 94.3"))
        // With no score at all in the window, nothing decides whether V4 led: untestable.
        #expect(try evaluate(engine, "v4-sota-reasoning", "2027-10-01").status == .untestable)
        // Scores of others in the window and none leading from V4: it stayed behind, missed.
        let scored = try Copy(appending: [
            "gpqa-diamond": "  - {date: 2027-03-01, subject: gemini-3.1-pro, value: 95.0, source: https://example.com/gemini}\n",
            "math-500": "  - {date: 2027-03-01, subject: gemini-3.1-pro, value: 98.0, source: https://example.com/gemini}\n",
        ])
        #expect(try evaluate(try scored.engine(), "v4-sota-reasoning", "2027-10-01").status == .missed)
        #expect(try evaluate(engine, "deepseek-ipo-or-state-acquisition", "2029-01-01").status == .missed)
    }

    @Test("recording leading V4 scores turns the forecast ahead, from that day on")
    func v4Leading() throws {
        // Above every score on record: Gemini-3.1-Pro's 94.3 on GPQA-Diamond, DeepSeek-R1's 97.3 on MATH-500.
        let copy = try Copy(appending: [
            "gpqa-diamond": "  - {date: 2027-03-01, subject: deepseek-v4, value: 95.0, source: https://example.com/v4}\n",
            "math-500": "  - {date: 2027-03-01, subject: deepseek-v4, value: 98.0, source: https://example.com/v4}\n",
        ])
        let engine = try copy.engine()
        #expect(try evaluate(engine, "v4-sota-reasoning", "2027-02-28").status != .ahead)
        let after = try evaluate(engine, "v4-sota-reasoning", "2027-03-01")
        #expect(after.status == .ahead)
        #expect(after.probability == 1)
        #expect(try evaluate(engine, "v4-sota-reasoning", "2027-10-01").status == .met)
        // The bet also needs DeepSeek not sold by the end of 2028: leading settles one part, the other stays open.
        let bet = try evaluate(engine, "deepseek-bet-succeeds", "2027-03-01")
        #expect(bet.status == .onTrack, "\(bet.summary)")
        #expect(bet.summary.hasPrefix("1 of 2 parts done"))
        #expect(try #require(bet.probability) > 0.9)
    }

    @Test("a tenfold fall of the price of DeepSeek-V4-Flash's capability, from any vendor, meets the 10x forecast")
    func priceCut() throws {
        let before = try evaluate(try Copy().engine(), "inference-cost-10x", "2026-11-29")
        #expect([.onTrack, .atRisk, .behind].contains(before.status))
        #expect(before.assessment?.projection != nil)
        // The capability: GPQA-Diamond >= 88.1 (V4-Flash); its cheapest price on 2026-06-15 is V4-Flash's blended $0.175.
        #expect(before.summary.contains(">= 88.1"))
        #expect(before.summary.contains("DeepSeek-V4-Flash at 0.175"))
        func copy(score: String) throws -> Copy {
            try Copy(appending: [
                "llm-price-blended": "  - {date: 2027-01-15, subject: cheap-model, value: 0.015, source: https://example.com/cut}\n",
                "llm-price-gpqa-diamond":
                    "  - {date: 2027-01-15, subject: cheap-model, value: \(score), source: https://example.com/cut}\n",
            ])
        }
        let after = try evaluate(try copy(score: "89.0").engine(), "inference-cost-10x", "2027-02-01")
        #expect(after.status == .ahead, "\(after.summary)")
        #expect(after.summary.contains("cheap-model at 0.015"))
        #expect(after.summary.contains("0.0175"))
        // Without any price or score in the window, nothing decides: untestable.
        #expect(try evaluate(try Copy().engine(), "inference-cost-10x", "2027-06-16").status == .untestable)
        // Prices in the window, none low enough by 2027-06-15: missed, the lowest price in the window named.
        let watched = try Copy(appending: [
            "llm-price-blended": "  - {date: 2027-01-15, subject: DeepSeek-V4-Flash, value: 0.15, source: https://example.com/price}\n"
        ])
        let missed = try evaluate(try watched.engine(), "inference-cost-10x", "2027-06-16")
        #expect(missed.status == .missed)
        #expect(missed.summary.contains("did not fall to 0.0175 by 2027-06-15"))
        // A cheaper model below the capability does not count.
        let weaker = try evaluate(try copy(score: "85.0").engine(), "inference-cost-10x", "2027-02-01")
        #expect(weaker.status != .ahead)
    }
}

@Suite("The article's claims against the models")
struct ShippedClaimTests {
    private func evaluate(_ id: String) throws -> Evaluation {
        let engine = try ShippedWorkspaceBacktests.Copy().engine()
        return engine.evaluate(try #require(engine.workspace.prediction(id)), asOf: try #require(Day("2026-11-29")))
    }

    @Test("\"60x more compute than GPT-4o\" is 6x by the article's own table: under 1%, not 0, before the deadline")
    func sixtyTimes() throws {
        let evaluation = try evaluate("v4-60x-gpt4o-compute")
        #expect(evaluation.status == .behind)
        #expect(evaluation.summary.contains("of 6 against the claimed 60"))
        let probability = try #require(evaluation.probability)
        #expect(probability > 0 && probability <= 0.01)  // the engine keeps pending forecasts in [0.01, 0.99]
    }

    @Test("500-800 GWh is some ten times what 1.2e26 FLOP on B200s at the FP8 default MFU takes")
    func energy() throws {
        let evaluation = try evaluate("v4-training-energy")
        #expect(evaluation.status == .behind)
        // 1.2e26 / (3600 x 4.5e15 x 0.18) = 41.2M GPU-hours x 1 kW x 1.2 PUE = 49,383 MWh.
        #expect(evaluation.summary.contains("energy (MWh) of 49380"))
        #expect(try #require(evaluation.probability) <= 0.01)
    }

    @Test("5T/400B against DeepSeek's published V4-Pro (1.6T total): behind, not settled by a release from before the forecast")
    func scaleAgainstPublished() throws {
        let evaluation = try evaluate("v4-scale-5t-400b")
        #expect(evaluation.status == .behind)
        #expect(evaluation.summary.contains("deepseek-v4-total at 1.6e12 (2026-04-24), target 5e12"))
        let probability = try #require(evaluation.probability)
        #expect(probability > 0 && probability < 0.1)
    }

    @Test("1.8x FP8 speed-up against the best measured end-to-end 1.64x, with the datasheet's 2x as the ceiling")
    func fp8Measured() throws {
        let evaluation = try evaluate("fp8-training-speedup")
        #expect(evaluation.summary.contains("is 1.64 against the claimed 1.8-2"))
        #expect(evaluation.summary.contains("its ceiling, is 2"))
        // Phi(ln(2 / 1.64) / ln 1.25) - Phi(ln(1.8 / 1.64) / ln 1.25) = 0.813 - 0.662 = 0.151.
        let probability = try #require(evaluation.probability)
        #expect(abs(probability - 0.151) < 0.005)
        #expect(evaluation.status == .behind)
    }

    @Test(
        "V4-Pro's published 1.6T/49B over a range of designs is cheaper to serve than a dense 405B; the article's 5T/400B is not clearly so"
    )
    func moeDesignRange() throws {
        let published = try evaluate("moe-cheaper-inference")
        #expect(published.summary.contains("over 4 designs of deepseek-v4-pro that all count 1.6e12 total and 4.9e10 active"))
        #expect(published.summary.contains("the mean over the designs"))
        #expect(try #require(published.probability) > 0.9)
        let rumoured = try evaluate("moe-5t-400b-cheaper-inference")
        #expect(try #require(rumoured.probability) < 0.5)
    }

    @Test("V4's parameters published before the forecast do not settle it: at the deadline it is untestable for want of later data")
    func scaleAtDeadline() throws {
        let engine = try ShippedWorkspaceBacktests.Copy().engine()
        let evaluation = engine.evaluate(
            try #require(engine.workspace.prediction("v4-scale-5t-400b")), asOf: try #require(Day("2027-10-01")))
        #expect(evaluation.status == .untestable)
        #expect(evaluation.summary.contains("no data to decide"))
    }

    @Test("no chance-level or old-frontier pair counts: Flan-T5-Small at 28% MMLU does not 'match' Falcon-7B")
    func efficiencyNeedsTheFrontierOfTheDay() throws {
        let evaluation = try evaluate("efficient-models-1-100th-compute")
        #expect(!evaluation.summary.contains("Flan-T5"), "\(evaluation.summary)")
        #expect(evaluation.status != .ahead && evaluation.status != .met)
        // The halving time fitted from the workspace's models is shown beside Epoch AI's 8 months (5-14).
        #expect(evaluation.summary.contains("halving time fitted from"))
        #expect(evaluation.summary.contains("Epoch AI: 8 months (5-14)"))
    }

    @Test("a model released after the forecast, matching the frontier of its day on MMLU and GPQA with 1/200th of its compute, meets it")
    func efficiencyMet() throws {
        // A frontier model above every score on record (GPQA-Diamond 94.3, MMLU 92.x), then a small one within 2 points.
        let frontier = "  - {date: 2027-01-01, subject: big-frontier, value: %@, source: https://example.com/big}\n"
        let small = "  - {date: 2027-06-01, subject: small-model, value: %@, source: https://example.com/small}\n"
        func rows(_ big: String, _ little: String) -> String {
            frontier.replacingOccurrences(of: "%@", with: big) + small.replacingOccurrences(of: "%@", with: little)
        }
        let copy = try ShippedWorkspaceBacktests.Copy(appending: [
            "training-compute": rows("1e27", "5e24"), "mmlu": rows("95.0", "93.5"), "gpqa-diamond": rows("96.0", "94.5"),
        ])
        let engine = try copy.engine()
        let evaluation = engine.evaluate(
            try #require(engine.workspace.prediction("efficient-models-1-100th-compute")), asOf: try #require(Day("2027-07-01")))
        #expect(evaluation.status == .ahead, "\(evaluation.summary)")
        #expect(evaluation.summary.contains("small-model (2027-06-01) matched big-frontier"))
        #expect(evaluation.summary.contains("200x less compute"))
        // Three points behind on GPQA is not "within 2 points".
        let behind = try ShippedWorkspaceBacktests.Copy(appending: [
            "training-compute": rows("1e27", "5e24"), "mmlu": rows("95.0", "93.5"), "gpqa-diamond": rows("96.0", "93.0"),
        ])
        let engine2 = try behind.engine()
        let missed = engine2.evaluate(
            try #require(engine2.workspace.prediction("efficient-models-1-100th-compute")), asOf: try #require(Day("2027-07-01")))
        #expect(missed.status != .ahead, "\(missed.summary)")
    }
}
