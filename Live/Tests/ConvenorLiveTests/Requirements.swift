import Foundation
import Testing

/// `CONVENOR_REQUIRE_ALL=1` (set by `.ci/run`): nothing may be skipped. A test whose tool is missing
/// then runs and fails, naming the tool, instead of being skipped (as the root package's `.needs`).
enum Requirements {
    static var requireAll: Bool { ProcessInfo.processInfo.environment["CONVENOR_REQUIRE_ALL"] == "1" }

    /// The tool's path, or an error that says what to install (the test fails with it).
    static func require(_ path: String?, _ what: String) throws -> String {
        guard let path else { throw RequirementMissing(description: "missing: \(what)") }
        return path
    }
}

struct RequirementMissing: Error, CustomStringConvertible {
    var description: String
}

extension Trait where Self == ConditionTrait {
    /// Runs the test where `available` (or under `CONVENOR_REQUIRE_ALL=1`); the skip says what is missing.
    static func needs(_ available: Bool, _ what: String) -> Self {
        .enabled(if: available || Requirements.requireAll, Comment(rawValue: "needs \(what)"))
    }
}
