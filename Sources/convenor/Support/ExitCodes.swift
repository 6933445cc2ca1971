import ArgumentParser
import ConvenorCore
import Foundation

extension ExitCode {
    /// A check found errors (or warnings with --strict).
    static let checkFailed = ExitCode(1)
    /// The input is not a usable portfolio (sysexits EX_DATAERR).
    static let badInput = ExitCode(65)
    /// A file could not be read or written (sysexits EX_IOERR).
    static let ioError = ExitCode(74)
}

/// Runs a command body, turning Convenor's errors into messages on stderr and the documented exit codes.
func reportingErrors(_ body: () throws -> Void) throws {
    Interrupts.install()
    do {
        try body()
    } catch let error as InputError {
        Terminal.printDiagnostics(error.diagnostics)
        Terminal.printError(Terminal.summaryLine(error.diagnostics))
        throw ExitCode.badInput
    } catch let error as FileError {
        Terminal.printError(error.description)
        throw ExitCode.ioError
    }
}

/// Ctrl-C during a run removes half-written output before exiting.
enum Interrupts {
    nonisolated(unsafe) private static var installed = false

    static func install() {
        guard !installed else { return }
        installed = true
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { code in
                OutputCleanup.shared.removeAll()
                signal(code, SIG_DFL)
                raise(code)
            }
        }
    }
}
