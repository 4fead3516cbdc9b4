import TrackCore
import TrackEngine

/// A model's architecture in the workspace's catalog: enough to count its parameters, FLOPs
/// and bytes per token. Mixture-of-Experts when `routedExperts` > 0, dense otherwise.
public struct ModelArchitecture: Sendable, Identifiable {
    /// How attention keeps its keys and values, which sets the KV cache per token.
    public enum Attention: Sendable, Hashable {
        /// Multi-head: every head keeps its own keys and values.
        case multiHead(headDimension: Int)
        /// Grouped-query: `kvHeads` shared key/value heads.
        case groupedQuery(kvHeads: Int, headDimension: Int)
        /// Multi-head latent (DeepSeek-V2/V3): one compressed latent plus a rotary key per token.
        case multiHeadLatent(kvLoraRank: Int, qLoraRank: Int, ropeHeadDimension: Int, nopeHeadDimension: Int, valueHeadDimension: Int)

        public var name: String {
            switch self {
            case .multiHead: "mha"
            case .groupedQuery: "gqa"
            case .multiHeadLatent: "mla"
            }
        }
    }

    public var id: String
    public var name: String
    public var layers: Int
    /// Layers with a dense feed-forward block instead of experts (all of them in a dense model).
    public var denseLayers: Int
    public var modelDimension: Int
    public var heads: Int
    public var attention: Attention
    public var routedExperts: Int
    public var sharedExperts: Int
    public var expertsPerToken: Int
    public var expertFFNDimension: Int
    public var denseFFNDimension: Int
    /// Weight matrices per feed-forward block: 3 for gated (SwiGLU) blocks, 2 for a plain MLP.
    public var ffnMatrices: Int
    public var vocabulary: Int
    /// The precision the weights are published and served in (FP8 for DeepSeek-V3).
    public var weightPrecision: Accelerator.Precision
    /// Bytes per weight as served (1 for FP8).
    public var weightBytes: Double { weightPrecision.bytes }
    /// Node-limited routing: the most nodes one token's routed experts may sit on (DeepSeek-V3: 4); nil when unlimited.
    public var routedNodeLimit: Int?
    /// Declared totals, checked against the architecture's own count.
    public var declaredTotalParameters: Double?
    public var declaredActiveParameters: Double?
    public var trainingTokens: Double?
    public var source: String
    public var mark: SourceMark

    public var isMixtureOfExperts: Bool { routedExperts > 0 }
    public var moeLayers: Int { isMixtureOfExperts ? layers - denseLayers : 0 }

    /// Parameters of one expert (a SwiGLU block: gate, up and down projections).
    public var parametersPerExpert: Double { Double(ffnMatrices) * Double(modelDimension) * Double(expertFFNDimension) }

    /// Attention parameters of one layer.
    public var attentionParametersPerLayer: Double {
        let d = Double(modelDimension)
        let h = Double(heads)
        switch attention {
        case .multiHead(let headDimension):
            return 4 * d * h * Double(headDimension)
        case .groupedQuery(let kvHeads, let headDimension):
            let hd = Double(headDimension)
            return 2 * d * h * hd + 2 * d * Double(kvHeads) * hd
        case .multiHeadLatent(let kvLoraRank, let qLoraRank, let rope, let nope, let value):
            let (kv, q) = (Double(kvLoraRank), Double(qLoraRank))
            let query = qLoraRank > 0 ? d * q + q * h * (Double(nope) + Double(rope)) : d * h * (Double(nope) + Double(rope))
            return query + d * (kv + Double(rope)) + kv * h * (Double(nope) + Double(value)) + h * Double(value) * d
        }
    }

    /// Input embedding and output head (untied).
    public var embeddingParameters: Double { 2 * Double(vocabulary) * Double(modelDimension) }

    /// Dense feed-forward parameters of one dense layer.
    public var denseFFNParametersPerLayer: Double { Double(ffnMatrices) * Double(modelDimension) * Double(denseFFNDimension) }

    /// Every parameter except the routed experts': read for every token.
    public var alwaysActiveParameters: Double {
        embeddingParameters + Double(layers) * attentionParametersPerLayer + Double(denseLayers) * denseFFNParametersPerLayer
            + Double(moeLayers) * (Double(sharedExperts) * parametersPerExpert + Double(modelDimension) * Double(routedExperts))
    }

    /// All parameters, counted from the architecture.
    public var totalParameters: Double {
        alwaysActiveParameters + Double(moeLayers) * Double(routedExperts) * parametersPerExpert
    }

    /// Parameters used per token, counted from the architecture.
    public var activeParameters: Double {
        alwaysActiveParameters + Double(moeLayers) * Double(expertsPerToken) * parametersPerExpert
    }

    /// The published active parameter count when the catalog gives one, else the architecture's own count.
    public var nominalActiveParameters: Double { declaredActiveParameters ?? activeParameters }

    /// KV cache bytes per token at `bytesPerValue` (2 for BF16).
    public func kvCacheBytesPerToken(bytesPerValue: Double = 2) -> Double {
        let layers = Double(self.layers)
        switch attention {
        case .multiHead(let headDimension):
            return 2 * layers * Double(heads) * Double(headDimension) * bytesPerValue
        case .groupedQuery(let kvHeads, let headDimension):
            return 2 * layers * Double(kvHeads) * Double(headDimension) * bytesPerValue
        case .multiHeadLatent(let kvLoraRank, _, let rope, _, _):
            return layers * (Double(kvLoraRank) + Double(rope)) * bytesPerValue
        }
    }

    /// Attention FLOP per generated token per token of context, as decode kernels run it: scores
    /// and weighted values, all layers. MLA decodes with the absorbed kernel (FlashMLA): each head
    /// attends over the 576-wide latent-plus-rope key and the 512-wide latent value,
    /// 2 x (576 + 512) = 2,176 FLOP per head per context token for DeepSeek-V3.
    public var decodeAttentionFLOPsPerContextToken: Double {
        let (layers, heads) = (Double(self.layers), Double(self.heads))
        switch attention {
        case .multiHead(let headDimension), .groupedQuery(_, let headDimension):
            return 4 * layers * heads * Double(headDimension)
        case .multiHeadLatent(let kvLoraRank, _, let rope, _, _):
            return 2 * layers * heads * Double(2 * kvLoraRank + rope)
        }
    }

    /// Attention FLOP per prompt token per token of context in prefill and training, where MLA runs
    /// un-absorbed (keys of nope + rope, values of v per head: 2 x (192 + 128) = 640 for DeepSeek-V3).
    public var prefillAttentionFLOPsPerContextToken: Double {
        let (layers, heads) = (Double(self.layers), Double(self.heads))
        switch attention {
        case .multiHead(let headDimension), .groupedQuery(_, let headDimension):
            return 4 * layers * heads * Double(headDimension)
        case .multiHeadLatent(_, _, let rope, let nope, let value):
            return 2 * layers * heads * Double(nope + rope + value)
        }
    }

    /// Training attention FLOP per token at `context`: forward and backward (3x the forward) of
    /// causal attention, each token attending on average to half the context. For multi-head
    /// attention with heads x head dimension = d this is Kaplan's 6 L ctx d.
    public func trainingAttentionFLOPsPerToken(context: Int) -> Double {
        3 * prefillAttentionFLOPsPerContextToken * Double(context) / 2
    }
}
