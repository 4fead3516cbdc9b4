import Foundation
import Testing
@testable import Tracker

@Suite("Parallel decoding of observations: chunks on any number of cores")
struct ObservationChunkingTests {
    static let workerCounts = [1, 2, 3, 147, 1_000]

    @Test("the chunks cover every position once, in order, none empty, sizes within one", arguments: workerCounts)
    func ranges(workers: Int) {
        for count in [0, 1, 2, 146, 147, 999, 19_999, 20_000, 20_001, 100_003] {
            let ranges = ObservationReader.chunkRanges(count: count, workers: workers)
            #expect(ranges.first?.lowerBound == 0)
            #expect(ranges.last?.upperBound == count)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(ranges.allSatisfy { $0.lowerBound <= $0.upperBound })
            #expect(count == 0 || ranges.allSatisfy { !$0.isEmpty })
            let sizes = ranges.map(\.count)
            #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "count \(count)")
            #expect(ranges.count == max(1, min(workers, count)))
        }
    }

    @Test("decoding in chunks gives the observations and errors of a serial read", arguments: workerCounts)
    func decode(workers: Int) throws {
        // Observation i is dated 2000-01-01 plus i days, worth i; every 97th lacks its source (an error).
        let count = 2_000
        var text = "observations:\n"
        let start = try #require(Day("2000-01-01"))
        for index in 0..<count {
            text += "  - {date: \(start.adding(days: index)), value: \(index)" + (index % 97 == 0 ? "}\n" : ", source: s\(index)}\n")
        }
        let document = try YAMLParser.parse(Array(text.utf8), file: "chunks.yaml")
        let list = try #require(document.root?.mappingView?.value(forKey: "observations")?.items)
        let reader = ObservationReader(kind: .numeric, states: [], indicatorID: "chunks")
        let (observations, problems) = reader.readAll(list, ranges: ObservationReader.chunkRanges(count: list.count, workers: workers))
        let expected = (0..<count).filter { $0 % 97 != 0 }
        #expect(observations.map { $0.value.number } == expected.map { Double($0) })
        #expect(observations.map(\.date) == expected.map { start.adding(days: $0) })
        #expect(observations.map(\.line) == expected.map { $0 + 2 })
        #expect(problems.map { $0.mark?.line } == (0..<count).filter { $0 % 97 == 0 }.map { $0 + 2 })
    }
}
