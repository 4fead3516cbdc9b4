import Foundation
import TrackCore
import TrackEngine

/// `manifold`: a yes/no market's probability on Manifold, by its slug or id, from the public API
/// (`GET /v0/slug/SLUG` or `GET /v0/market/ID`, no key needed; https://docs.manifold.markets/api).
public struct ManifoldSource: CrowdSource {
    public static let identifier = "manifold"
    public static let fields: [FileSchema.Field] =
        [
            .init("market", .string, "The market's slug: the last part of its page's URL (manifold.markets/USER/SLUG)."),
            .init("id", .string, "The market's id, in place of 'market'."),
        ] + CrowdFetch.fields
    /// The API's public address.
    public static let api = "https://api.manifold.markets"

    /// The fields of a market the source reads (`LiteMarket` in the API's documentation).
    struct Market: Decodable {
        var outcomeType: String?
        var probability: Double?
        var isResolved: Bool?
        var resolution: String?
        var resolutionTime: Double?
        var closeTime: Double?
    }

    let crowd: CrowdFetch

    public init(_ configuration: SourceConfiguration, fields: inout FieldReader) throws(DiagnosticsError) {
        let slug = fields.optional("market") { try CrowdFetch.pathComponent($0, what: "a market's slug") }
        let id = fields.optional("id") { try CrowdFetch.pathComponent($0, what: "a market's id") }
        var path: String?
        switch (slug, id) {
        case (let slug?, nil): path = "/v0/slug/" + slug
        case (nil, let id?): path = "/v0/market/" + id
        case (.some, .some): fields.report(Diagnostic("give 'market' (a slug) or 'id', not both", at: fields.node("id")!.mark))
        case (nil, nil):
            if fields.node("market") == nil, fields.node("id") == nil {
                fields.report(Diagnostic("the manifold source needs 'market' (the market's slug) or 'id'", at: fields.mark))
            }
        }
        crowd = try CrowdFetch(
            service: "Manifold", noun: "market", defaultAPI: Self.api, path: path, fields: &fields, configuration: configuration)
    }

    public func fetch(for indicator: Indicator) throws(SourceFailure) -> SourceAnswer {
        let today = crowd.configuration.today
        return try crowd.answer(Market.self) { market throws(SourceFailure) in
            if let type = market.outcomeType, type != "BINARY" {
                throw SourceFailure(
                    "\(crowd.url.absoluteString): the market is \(type), not a yes/no (BINARY) market; a crowd indicator follows a yes/no market"
                )
            }
            if market.isResolved == true {
                return .resolved(market.resolution ?? "(no resolution given)", on: CrowdFetch.day(milliseconds: market.resolutionTime))
            }
            if let closed = CrowdFetch.day(milliseconds: market.closeTime), closed < today { return .closed(on: closed) }
            guard let probability = market.probability else { throw crowd.malformed("no 'probability'") }
            return .open(probability)
        }
    }
}
