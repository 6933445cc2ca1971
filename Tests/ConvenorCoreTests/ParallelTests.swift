import Foundation
import Testing
@testable import ConvenorCore

/// `Parallel` keeps results in order and really uses the cores, also when nested (issue 17, round five).
@Suite("Parallel work")
struct ParallelTests {
    /// Whether the two pieces of a `map` ran at the same time: each waits (up to 10 s) for the other
    /// to start, which pieces run one after the other never do.
    static func mapPiecesMeet() -> Bool {
        let started = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        let met = Parallel.map(2) { k in
            started[k].signal()
            return started[1 - k].wait(timeout: .now() + 10) == .success
        }
        return met == [true, true]
    }

    @Test func resultsComeInOrder() {
        #expect(Parallel.map(100) { $0 * 2 } == (0..<100).map { $0 * 2 })
        let (a, b) = Parallel.both({ "first" }, { 2 })
        #expect(a == "first" && b == 2)
    }

    /// libdispatch runs a `concurrentPerform` nested inside another on (cores ÷ outer iterations)
    /// threads: `both` built on it left the overlap pairs on one core at national scale.
    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount >= 2, "needs two cores"))
    func mapInsideBothRunsItsPiecesAtOnce() {
        let (inFirst, inSecond) = Parallel.both({ Self.mapPiecesMeet() }, { Self.mapPiecesMeet() })
        #expect(inFirst, "the map inside both's first piece ran its pieces one after the other")
        #expect(inSecond, "the map inside both's second piece ran its pieces one after the other")
    }
}
