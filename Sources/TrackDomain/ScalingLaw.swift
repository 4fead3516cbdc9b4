import Foundation
import TrackCore
import TrackEngine

/// A Chinchilla-style scaling law: loss L(N, D) = E + A / N^alpha + B / D^beta.
public struct ScalingLaw: Sendable {
    public let name: String
    public let e: Double, a: Double, b: Double, alpha: Double, beta: Double

    /// Besiroglu et al. 2024 (arXiv 2404.10102), Epoch AI's refit of Chinchilla: the default.
    public static let epochRefit = ScalingLaw(name: "epoch", e: 1.8172, a: 482.01, b: 2085.43, alpha: 0.3478, beta: 0.3658)
    /// Hoffmann et al. 2022 (Chinchilla), the rounded published constants.
    public static let hoffmann = ScalingLaw(name: "hoffmann", e: 1.69, a: 406.4, b: 410.7, alpha: 0.34, beta: 0.28)

    public static let all = [epochRefit, hoffmann]

    /// The predicted loss of `parameters` trained on `tokens`.
    public func loss(parameters: Double, tokens: Double) -> Double {
        e + a / pow(parameters, alpha) + b / pow(tokens, beta)
    }

    /// The compute-optimal split of `flop` (C = 6 N D): G = (alpha A / (beta B))^(1 / (alpha + beta)),
    /// N* = G (C / 6)^(beta / (alpha + beta)), D* = C / (6 N*).
    public func computeOptimal(flop: Double) -> (parameters: Double, tokens: Double) {
        let g = pow(alpha * a / (beta * b), 1 / (alpha + beta))
        let parameters = g * pow(flop / 6, beta / (alpha + beta))
        return (parameters, flop / (6 * parameters))
    }
}
