import Foundation
import TrackCore
import TrackEngine

/// `polymarket`: a yes/no market's price of "Yes" on Polymarket, by its slug, from the Gamma API
/// (`GET /markets/slug/SLUG`, no key needed; https://docs.polymarket.com/api-reference/markets/get-market-by-slug).
public struct PolymarketSource: CrowdSource {
    public static let identifier = "polymarket"
    public static let fields: [FileSchema.Field] =
        [
            .init("market", .string, "The market's slug (polymarket.com/event/EVENT/SLUG; a one-market event's slug is the event's).")
        ] + CrowdFetch.fields
    /// The API's public address.
    public static let api = "https://gamma-api.polymarket.com"

    /// The fields of a market the source reads. `outcomes` and `outcomePrices` are JSON arrays written as
    /// strings (`"[\"Yes\", \"No\"]"`, `"[\"0.62\", \"0.38\"]"`), as the API sends them.
    struct Market: Decodable {
        var outcomes: String?
        var outcomePrices: String?
        var closed: Bool?
        var umaResolutionStatus: String?
        var closedTime: String?
    }

    let crowd: CrowdFetch

    public init(_ configuration: SourceConfiguration, fields: inout FieldReader) throws(DiagnosticsError) {
        let slug = fields.required("market") { try CrowdFetch.pathComponent($0, what: "a market's slug") }
        crowd = try CrowdFetch(
            service: "Polymarket", noun: "market", defaultAPI: Self.api, path: slug.map { "/markets/slug/" + $0 }, fields: &fields,
            configuration: configuration)
    }

    public func fetch(for indicator: Indicator) throws(SourceFailure) -> SourceAnswer {
        try crowd.answer(Market.self) { market throws(SourceFailure) in
            guard let outcomesText = market.outcomes, let pricesText = market.outcomePrices else {
                throw crowd.malformed("no 'outcomes' or 'outcomePrices'")
            }
            guard let outcomes = try? JSONDecoder().decode([String].self, from: Data(outcomesText.utf8)),
                let prices = try? JSONDecoder().decode([String].self, from: Data(pricesText.utf8)).map(Double.init),
                outcomes.count == prices.count
            else { throw crowd.malformed("'outcomes' and 'outcomePrices' are not two lists of the same length") }
            guard outcomes.count == 2, let yes = outcomes.firstIndex(where: { $0.lowercased() == "yes" }),
                outcomes.contains(where: { $0.lowercased() == "no" })
            else {
                throw SourceFailure(
                    "\(crowd.url.absoluteString): the market's outcomes are \(outcomes.joined(separator: ", ")), not Yes and No; "
                        + "a crowd indicator follows a yes/no market")
            }
            guard let price = prices[yes] else { throw crowd.malformed("'outcomePrices' holds something other than numbers") }
            if market.closed == true {
                let day = CrowdFetch.day(market.closedTime)
                if market.umaResolutionStatus == "resolved" || price == 0 || price == 1 {
                    return .resolved(price >= 0.5 ? outcomes[yes] : outcomes[1 - yes], on: day)
                }
                return .closed(on: day)
            }
            return .open(price)
        }
    }
}
