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
        // DeepSeek-V4-Pro's peak list price, $3.96 from 2026-08-16, is far below 0.7 x GPT-5.6 Sol's $30, but the
        // forecast asks about 2027-12-31.
        let before = try evaluate(engine, "inference-prices-below-cloud", "2026-11-29")
        #expect(before.status == .onTrack)
        #expect(before.summary.contains("deepseek-v4-pro $3.96/M (2026-08-16); needs ≤ $21/M"), "\(before.summary)")
        let after = try evaluate(engine, "inference-prices-below-cloud", "2028-01-01")
        #expect(after.status == .met)
        #expect(after.evidence.contains { $0.indicator == "openai-api-output-price" })
        // A price rise above 0.7 x $30 before the deadline is what holds on it: missed.
        let rise = try Copy(appending: [
            "deepseek-api-output-price":
                "  - {date: 2027-06-01, subject: deepseek-v4-pro, value: 25.0, source: https://example.com/price}\n"
        ])
        #expect(try evaluate(try rise.engine(), "inference-prices-below-cloud", "2028-01-01").status == .missed)
    }

    @Test("V4-Pro's preview came out before the forecast: its general release is the unveiling, and its GPQA-Diamond then is behind")
    func v4ReleasedBeforeTheForecast() throws {
        let engine = try Copy().engine()
        let now = try evaluate(engine, "v4-sota-reasoning", "2026-11-29")
        #expect(now.status == .behind)
        let parts = try #require(now.assessment?.parts)
        #expect(parts.count == 3)
        // The general release of 2026-08-13 counts; the preview of 2026-04-24 predates the forecast of 2026-06-15.
        #expect(parts[0].assessment.verdict == .happened)
        #expect(parts[0].assessment.summary.contains("reached 'released' on 2026-08-13"), "\(parts[0].assessment.summary)")
        // V4-Pro-0813's 92.4 against Gemini-3.1-Pro's 94.3, dated to Gemini's own release of 2026-02-19.
        #expect(
            parts[1].assessment.summary.contains("deepseek-v4-pro 92.4 on gpqa-diamond (2026-08-13), gemini-3.1-pro leads at 94.3"),
            "\(parts[1].assessment.summary)")
        #expect(parts[1].assessment.evidence.contains { $0.label == "gpqa-diamond / gemini-3.1-pro" && $0.date == Day("2026-02-19") })
        #expect(parts[2].assessment.summary.contains("no value of deepseek-v4-pro on frontiermath yet"))
        // Without a leading score in the window, V4 stayed behind: missed.
        #expect(try evaluate(engine, "v4-sota-reasoning", "2027-10-01").status == .missed)
        #expect(try evaluate(engine, "deepseek-ipo-or-state-acquisition", "2029-01-01").status == .missed)
    }

    @Test("recording leading V4-Pro scores on GPQA-Diamond and FrontierMath turns the forecast ahead, from that day on")
    func v4Leading() throws {
        // Above every score on record: Gemini-3.1-Pro's 94.3 on GPQA-Diamond, GPT-5 (high)'s 32.4 on FrontierMath.
        let copy = try Copy(appending: [
            "gpqa-diamond": "  - {date: 2027-03-01, subject: deepseek-v4-pro, value: 95.0, source: https://example.com/v4}\n",
            "frontiermath": "  - {date: 2027-03-01, subject: deepseek-v4-pro, value: 40.0, source: https://example.com/v4}\n",
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
        // Leading one benchmark is enough for the bet, not for "state of the art on GPQA and MATH".
        let gpqaOnly = try Copy(appending: [
            "gpqa-diamond": "  - {date: 2027-03-01, subject: deepseek-v4-pro, value: 95.0, source: https://example.com/v4}\n"
        ])
        let one = try gpqaOnly.engine()
        #expect(try evaluate(one, "v4-sota-reasoning", "2027-03-01").status != .ahead)
        #expect(try evaluate(one, "deepseek-bet-succeeds", "2027-03-01").summary.hasPrefix("1 of 2 parts done"))
    }

    @Test("a tenfold fall of DeepSeek's list price at its flagship's quality meets the 10x forecast; a cheaper, weaker model does not")
    func priceCut() throws {
        let before = try evaluate(try Copy().engine(), "inference-cost-10x", "2026-11-29")
        #expect([.onTrack, .atRisk, .behind].contains(before.status))
        #expect(before.assessment?.projection != nil)
        // The quality: GPQA-Diamond >= 90.1 (V4-Pro's on 2026-06-15); the price then is V4-Pro's $0.87 per million
        // output tokens, so the target is $0.087; the cheapest at the level now is V4.1-Flash at its peak $1.20.
        #expect(before.summary.contains("≥ 90.1: deepseek-v4.1-flash $1.2/M (2026-09-10)"), "\(before.summary)")
        func copy(score: String, vendorPrice: String = "deepseek-api-output-price") throws -> Copy {
            try Copy(appending: [
                vendorPrice: "  - {date: 2027-01-15, subject: cheap-model, value: 0.08, source: https://example.com/cut}\n",
                "gpqa-diamond": "  - {date: 2027-01-15, subject: cheap-model, value: \(score), source: https://example.com/cut}\n",
            ])
        }
        let after = try evaluate(try copy(score: "91.0").engine(), "inference-cost-10x", "2027-02-01")
        #expect(after.status == .ahead, "\(after.summary)")
        #expect(after.summary.contains("cheap-model $0.08/M"))
        #expect(after.summary.contains("0.087"))
        // Without such a price by 2027-06-15 it is missed, the lowest price in the window named.
        let missed = try evaluate(try Copy().engine(), "inference-cost-10x", "2027-06-16")
        #expect(missed.status == .missed)
        #expect(missed.said.contains("did not fall to 0.087 by 2027-06-15"), "\(missed.summary)")
        // A cheaper model below the quality does not count, nor another vendor's price.
        #expect(try evaluate(try copy(score: "85.0").engine(), "inference-cost-10x", "2027-02-01").status != .ahead)
        let otherVendor = try copy(score: "91.0", vendorPrice: "openai-api-output-price")
        #expect(try evaluate(try otherVendor.engine(), "inference-cost-10x", "2027-02-01").status != .ahead)
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
        #expect(evaluation.said.contains("of 6 against the claimed 60"))
        let probability = try #require(evaluation.probability)
        #expect(probability > 0 && probability <= 0.01)  // the engine keeps pending forecasts in [0.01, 0.99]
    }

    @Test("500-800 GWh is five or more times what 1.2e26 FLOP on H800s at the fitted MFU of an FP8 MoE run takes, at PUE 1.4")
    func energy() throws {
        let evaluation = try evaluate("v4-training-energy")
        #expect(evaluation.status == .behind)
        // docs/models.md: ln MFU = -0.699 - 0.632 ln(ridge / 150) + 0.045 ln(N / 10B) - 0.113 (MoE), the H800's ridge
        // 989 TFLOPS BF16 / 3.35 TB/s; times 0.75 of the FP8 peak (the realised share where the peak doubles) and 0.75
        // availability; 1.2e26 FLOP over 3600 x 1.979e15 x that MFU in GPU-hours, x 0.7 kW x 1.4 PUE.
        let mfu = exp(-0.699 - 0.632 * log(989 / 3.35 / 150) + 0.045 * log(400e9 / 1e10) - 0.113) * 0.75 * 0.75
        let megawattHours = 1.2e26 / (3600 * 1.979e15 * mfu) * 0.7 * 1.4 / 1000
        #expect(megawattHours * 5 < 500_000)
        let summary = evaluation.said
        let shown = try #require(
            summary.range(of: "energy (MWh) of ").map { summary[$0.upperBound...].prefix { $0.isNumber || $0 == "." } })
        #expect(abs(try #require(Double(shown)) / megawattHours - 1) < 0.002, "\(summary)")
        #expect(try #require(evaluation.probability) <= 0.01)
    }

    @Test("5T/400B against DeepSeek's published V4-Pro (1.6T total, 49B active): resolved no, and the evaluator agrees on the data")
    func scaleAgainstPublished() throws {
        let resolved = try evaluate("v4-scale-5t-400b")
        #expect(resolved.status == .missed)
        #expect(resolved.summary == "resolved no on 2026-06-15")
        // Without the resolution the thresholds read the published sizes: both far below 5e12 and 300e9.
        let engine = try ShippedWorkspaceBacktests.Copy().engine()
        var prediction = try #require(engine.workspace.prediction("v4-scale-5t-400b"))
        prediction.resolution = nil
        let evaluation = engine.evaluate(prediction, asOf: try #require(Day("2026-11-29")))
        #expect(evaluation.status == .behind)
        let parts = try #require(evaluation.assessment?.parts)
        #expect(
            parts[0].assessment.summary.contains("deepseek-v4-pro-total 1.6T params (2026-08-13); needs ≥ 5T params"),
            "\(parts[0].assessment.summary)")
        #expect(
            parts[1].assessment.summary.contains("deepseek-v4-pro-active 49B params (2026-08-13); needs ≥ 300B params"),
            "\(parts[1].assessment.summary)")
        #expect(try #require(evaluation.probability) < 0.1)
    }

    @Test("1.8x FP8 speed-up against the best measured end-to-end 1.64x, with the datasheet's 2x as the ceiling")
    func fp8Measured() throws {
        let evaluation = try evaluate("fp8-training-speedup")
        #expect(evaluation.said.contains("is 1.64 against the claimed 1.8-2"))
        #expect(evaluation.said.contains("its ceiling, is 2"))
        // Phi(ln(2 / 1.64) / ln 1.25) - Phi(ln(1.8 / 1.64) / ln 1.25) = 0.813 - 0.662 = 0.151.
        let probability = try #require(evaluation.probability)
        #expect(abs(probability - 0.151) < 0.005)
        #expect(evaluation.status == .behind)
    }

    @Test(
        "over a range of designs, V4-Pro's published 1.6T/49B is likelier cheaper to serve than a dense 405B than the article's 5T/400B, which is not"
    )
    func moeDesignRange() throws {
        let published = try evaluate("moe-cheaper-inference")
        #expect(published.said.contains("over 4 designs of deepseek-v4-pro that all count 1.6e12 total and 4.9e10 active"))
        #expect(published.said.contains("the mean over the designs"))
        let rumoured = try evaluate("moe-5t-400b-cheaper-inference")
        #expect(try #require(rumoured.probability) < 0.5)
        #expect(try #require(published.probability) > rumoured.probability ?? 1)
    }

    @Test("the article's claims that were wrong when written are resolved no with their source; the evaluators agree")
    func claimsWrongWhenWritten() throws {
        let engine = try ShippedWorkspaceBacktests.Copy().engine()
        let wrong = [
            "v4-unreleased-when-written", "funding-round-500-billion-yuan", "largest-private-ai-round", "gpt-4-size-1-8t-200b",
            "competitor-funding-table", "benchmark-table-current-models",
        ]
        for id in wrong {
            var prediction = try #require(engine.workspace.prediction(id))
            #expect(prediction.resolution?.outcome == .no, "\(id)")
            #expect(prediction.resolution?.source.hasPrefix("https://") == true, "\(id)")
            // The evaluator, on the data alone, settles each the same way.
            prediction.resolution = nil
            let settled = engine.evaluate(prediction, asOf: try #require(Day("2026-11-29")))
            #expect(settled.status == .missed, "\(id): \(settled.status) \(settled.summary)")
        }
        // ¥500 billion against the reported 50 billion yuan; DeepSeek's $7.4 billion behind OpenAI's $122 billion.
        var yuan = try #require(engine.workspace.prediction("funding-round-500-billion-yuan"))
        yuan.resolution = nil
        #expect(engine.evaluate(yuan, asOf: try #require(Day("2026-11-29"))).said.contains("at 5e10 on 2026-06-03"))
    }

    @Test("no chance-level or old-frontier pair counts: Flan-T5-Small at 28% MMLU does not 'match' Falcon-7B")
    func efficiencyNeedsTheFrontierOfTheDay() throws {
        let evaluation = try evaluate("efficient-models-1-100th-compute")
        #expect(!evaluation.summary.contains("Flan-T5"), "\(evaluation.summary)")
        #expect(evaluation.status != .ahead && evaluation.status != .met)
        // The halving time fitted from the workspace's models is shown beside Epoch AI's 8 months (5-14).
        #expect(evaluation.said.contains("halving time fitted from"))
        #expect(evaluation.said.contains("Epoch AI: 8 months (5-14)"))
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
        #expect(evaluation.said.contains("small-model (2027-06-01) matched big-frontier"))
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
