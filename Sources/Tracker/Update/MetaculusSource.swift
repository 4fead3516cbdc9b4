import Foundation
import TrackCore
import TrackEngine

/// `metaculus`: a binary question's community prediction on Metaculus (the recency-weighted median), by
/// the id of its post, from the API (`GET /api/posts/ID/`; https://www.metaculus.com/api/).
public struct MetaculusSource: CrowdSource {
    public static let identifier = "metaculus"
    public static let fields: [FileSchema.Field] =
        [
            .init("question", .positiveInteger, "The question's post id: the number in its page's URL (metaculus.com/questions/ID/...).")
        ] + CrowdFetch.fields
    /// The API's public address.
    public static let api = "https://www.metaculus.com"

    /// The fields of a post the source reads (`Post` and `Question` in the API's documentation).
    struct Post: Decodable {
        var question: Question?

        struct Question: Decodable {
            var type: String?
            var status: String?
            var resolution: String?
            var actualResolveTime: String?
            var actualCloseTime: String?
            var aggregations: Aggregations?
        }

        struct Aggregations: Decodable {
            var recencyWeighted: Aggregation?
        }

        struct Aggregation: Decodable {
            var latest: Latest?
        }

        struct Latest: Decodable {
            var centers: [Double]?
        }
    }

    let crowd: CrowdFetch

    public init(_ configuration: SourceConfiguration, fields: inout FieldReader) throws(DiagnosticsError) {
        let question = fields.required("question") { try $0.positiveInt() }
        var crowd = try CrowdFetch(
            service: "Metaculus", noun: "question", defaultAPI: Self.api, path: question.map { "/api/posts/\($0)/" }, fields: &fields,
            configuration: configuration)
        crowd.accessHint =
            "metaculus.com answers only requests that carry an API token, which track does not send; "
            + "record the community prediction with track record, or point 'api' at an instance that answers without one"
        self.crowd = crowd
    }

    public func fetch(for indicator: Indicator) throws(SourceFailure) -> SourceAnswer {
        try crowd.answer(Post.self, keys: .convertFromSnakeCase) { post throws(SourceFailure) in
            guard let question = post.question else {
                throw SourceFailure(
                    "\(crowd.url.absoluteString): the post holds no single question (a group or a conditional); name the post of a binary question"
                )
            }
            if let type = question.type, type != "binary" {
                throw SourceFailure(
                    "\(crowd.url.absoluteString): the question is \(type), not binary; a crowd indicator follows a yes/no question")
            }
            switch question.status {
            case "resolved":
                return .resolved(question.resolution ?? "(no resolution given)", on: CrowdFetch.day(question.actualResolveTime))
            case "closed": return .closed(on: CrowdFetch.day(question.actualCloseTime))
            default: break
            }
            guard let aggregations = question.aggregations else { throw crowd.malformed("no 'question.aggregations'") }
            guard let center = aggregations.recencyWeighted?.latest?.centers?.first else {
                return .hidden("the community prediction is not shown yet")
            }
            return .open(center)
        }
    }
}
