import Foundation

/// Runs the built `convenor` executable as a user would, for black-box tests.
public enum CLIRunner {
    public typealias Result = Shell.Result

    /// The repository root.
    public static var root: URL { TestSupport.root }

    /// `.build/<configuration>/convenor`, next to the test bundle.
    public static let executable: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("convenor")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/convenor")
    }()

    @discardableResult
    public static func run(_ arguments: [String], in directory: URL = TestSupport.root, environment: [String: String] = [:]) throws -> Result {
        var env = environment
        env["NO_COLOR"] = "1"
        return try Shell.run(executable: executable, arguments, in: directory, environment: env)
    }

    /// Limits for a run of `convenor` on hostile input, enforced by the kernel on the child alone.
    public struct Limits: Sendable {
        /// CPU seconds (`ulimit -t`): SIGXCPU past it, whatever else the machine is doing.
        public var cpuSeconds: Int
        /// Address space in MiB (`ulimit -v`): allocations past it fail and the run dies.
        public var addressSpaceMiB: Int
        public init(cpuSeconds: Int, addressSpaceMiB: Int) { self.cpuSeconds = cpuSeconds; self.addressSpaceMiB = addressSpaceMiB }
    }

    /// How a limited run ended.
    public struct LimitedResult: Sendable {
        public var result: Result
        /// CPU seconds the child used (user + system), from the shell's `times`.
        public var cpuSeconds: Double
        /// True when the shell reported death by a signal (exit status above 128): SIGXCPU, SIGKILL, SIGSEGV, SIGABRT.
        public var killedBySignal: Bool { result.status > 128 }
    }

    /// Runs `convenor` inside `/bin/sh -c 'ulimit -t N; ulimit -v M; …'`. The limits are per process and
    /// measured by the kernel, so a busy machine does not make the test flaky (no wall clock), and the
    /// test process's own memory does not count (no `ru_maxrss`). The time scale (sanitizers) stretches
    /// the CPU limit; the address-space limit is left off under sanitizers, which reserve terabytes.
    public static func runLimited(_ arguments: [String], limits: Limits, in directory: URL = TestSupport.root) throws -> LimitedResult {
        let cpu = max(1, Int((Double(limits.cpuSeconds) * TestSupport.timeScale).rounded(.up)))
        let memory = TestSupport.timeScale > 1 ? "" : "ulimit -v \(limits.addressSpaceMiB * 1024) || exit 125; "
        // `times` prints the shell's and then the children's user/system time; the second line is ours.
        let script = "ulimit -t \(cpu) || exit 125; \(memory)\"$0\" \"$@\"; status=$?; times >&2; exit $status"
        let raw = try Shell.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", script, executable.path] + arguments,
                                in: directory, environment: ["NO_COLOR": "1"])
        var lines = raw.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        let timesLines = lines.suffix(2)
        let children = timesLines.last ?? ""
        let seconds = children.split(separator: " ").map { parseShellTime(String($0)) }.reduce(0, +)
        let stderr = lines.dropLast(min(2, lines.count)).joined(separator: "\n")
        return LimitedResult(result: Result(status: raw.status, stdout: raw.stdout, stderr: stderr), cpuSeconds: seconds)
    }

    /// `0m1.250s` → 1.25.
    static func parseShellTime(_ text: String) -> Double {
        guard let m = text.firstIndex(of: "m"), text.hasSuffix("s") else { return 0 }
        let minutes = Double(text[..<m]) ?? 0
        let seconds = Double(text[text.index(after: m)..<text.index(before: text.endIndex)]) ?? 0
        return minutes * 60 + seconds
    }

    /// A fresh temporary folder, removed by the caller.
    public static func temporaryDirectory() throws -> URL { try TestSupport.temporaryDirectory() }
}
