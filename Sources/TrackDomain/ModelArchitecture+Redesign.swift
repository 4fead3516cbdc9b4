import Foundation
import TrackCore
import TrackEngine

extension ModelArchitecture {
    /// The same model with `expertsPerToken` routed experts per token, the expert width and the number
    /// of routed experts solved so that it still counts its declared total and active parameters:
    /// for an unknown design (a rumoured or unpublished model) whose sizes are known, every design in a
    /// range counts to the same sizes. The width is a multiple of 64. Nil for a dense model, without
    /// declared sizes, or when no such design exists (the fixed parts already exceed the active size).
    public func redesigned(expertsPerToken k: Int) -> ModelArchitecture? {
        guard isMixtureOfExperts, k > 0, let total = declaredTotalParameters, let active = declaredActiveParameters, moeLayers > 0
        else { return nil }
        var design = self
        design.expertsPerToken = k
        let layers = Double(moeLayers)
        let width = Double(modelDimension)
        let matrices = Double(ffnMatrices)
        var experts = Double(routedExperts)
        var ffn = Double(expertFFNDimension)
        // Fixed-point iteration: the router (d x experts per layer) couples the two equations weakly.
        for _ in 0..<6 {
            design.routedExperts = Int(experts.rounded())
            design.expertFFNDimension = 0
            let fixed = design.alwaysActiveParameters
            ffn = (active - fixed) / (layers * Double(sharedExperts + k) * matrices * width)
            guard ffn >= 64 else { return nil }
            let perExpert = matrices * width * ffn
            experts = (total - fixed - layers * Double(sharedExperts) * perExpert) / (layers * perExpert)
            guard experts >= Double(k) else { return nil }
        }
        // Round the width, then count the experts again with it, so that the total still comes out right.
        design.expertFFNDimension = max(64, Int((ffn / 64).rounded()) * 64)
        let perExpert = matrices * width * Double(design.expertFFNDimension)
        design.routedExperts = Int(experts.rounded())
        for _ in 0..<3 {
            let fixed = design.alwaysActiveParameters - layers * Double(sharedExperts) * perExpert
            design.routedExperts = Int(((total - fixed - layers * Double(sharedExperts) * perExpert) / (layers * perExpert)).rounded())
        }
        return design.routedExperts >= k ? design : nil
    }
}
