import GRDB
import Synchronization

/// Group commit for the room's frequent writes (joins and votes): requests that arrive while a commit is
/// being made wait, and the next commit carries all of them in one transaction, so one `fsync` covers
/// many votes instead of one each. Each request runs in its own savepoint, so one refused vote (a dot
/// cap) does not undo its neighbours, and nobody is answered before the commit that holds their
/// request is on disk.
///
/// The window is adaptive: a request that finds no commit under way is written at once (a quiet room
/// pays no waiting), and under load the batch is whatever arrived during the previous commit.
final class GroupCommitter: Sendable {
    /// One request: `apply` does its writes inside the batch's transaction and returns how to answer
    /// the caller once the commit succeeds; `fail` answers it when the commit itself fails.
    private struct Request: Sendable {
        let apply: @Sendable (Database) -> @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private struct Queue {
        var waiting: [Request] = []
        var committing = false
    }

    private let writer: any DatabaseWriter
    private let queue = Mutex(Queue())
    /// Batches committed and requests in them, for the load benchmark's report.
    private let counters = Mutex((batches: 0, requests: 0))

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    var statistics: (batches: Int, requests: Int) { counters.withLock { $0 } }

    /// Runs `work` in the next group commit and returns its result once that commit is durable. An
    /// error thrown by `work` rolls back only its own writes.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let request = Request(
                apply: { db in
                    do {
                        var result: T?
                        try db.inSavepoint {
                            result = try work(db)
                            return .commit
                        }
                        let value = result!  // inSavepoint returned, so it ran the closure
                        return { continuation.resume(returning: value) }
                    } catch {
                        return { continuation.resume(throwing: error) }
                    }
                },
                fail: { error in continuation.resume(throwing: error) }
            )
            let startCommitting = queue.withLock { q -> Bool in
                q.waiting.append(request)
                if q.committing { return false }
                q.committing = true
                return true
            }
            if startCommitting { Task { await self.commitWhileWaiting() } }
        }
    }

    /// Commits batches until nobody is waiting.
    private func commitWhileWaiting() async {
        while true {
            let batch = queue.withLock { q -> [Request] in
                let batch = q.waiting
                q.waiting = []
                if batch.isEmpty { q.committing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let answers = try await writer.write { db in batch.map { $0.apply(db) } }
                counters.withLock { $0.batches += 1; $0.requests += batch.count }
                for answer in answers { answer() }
            } catch {
                for request in batch { request.fail(error) }
            }
        }
    }
}
