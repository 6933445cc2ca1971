import ArgumentParser
import ConvenorCore
import Foundation

extension ExitCode {
    /// A check found errors (or warnings with --strict).
    static let checkFailed = ExitCode(1)
    /// The input is not a usable portfolio (sysexits EX_DATAERR).
    static let badInput = ExitCode(65)
    /// Convenor refused to replace an output path it did not write, or a protected folder (sysexits EX_CANTCREAT).
    static let cannotCreate = ExitCode(73)
    /// A file could not be read or written (sysexits EX_IOERR).
    static let ioError = ExitCode(74)
}

/// The one table of exit statuses: `--help` and the man page print its labels, and with
/// `--diagnostics-format json` the last line gives the status's meaning, which the SwiftPM plugins show.
enum ExitStatus {
    static let table: [(status: Int32, label: String, meaning: String)] = [
        (0, "ok", "finished without errors"),
        (ExitCode.checkFailed.rawValue, "check failed", "the check found problems that fail the build"),
        (ExitCode.validationFailure.rawValue, "usage", "the command line was not understood; see --help"),
        (ExitCode.badInput.rawValue, "bad input", "the portfolio has errors that must be fixed first"),
        (ExitCode.cannotCreate.rawValue, "refused to replace output Convenor did not write",
         "the output path holds files Convenor did not write (or is protected), so it was left alone"),
        (ExitCode.ioError.rawValue, "could not read or write a file", "a file could not be read or written"),
    ]

    static func meaning(of status: Int32) -> String {
        table.first { $0.status == status }?.meaning ?? "it stopped unexpectedly"
    }

    /// "0 ok, 1 check failed, …", for help texts.
    static var summary: String { table.map { "\($0.status) \($0.label)" }.joined(separator: ", ") }
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
        Terminal.printFileError(error)
        throw ExitCode.ioError
    } catch let refusal as OutputRefusal {
        let advice = refusal.forceWouldHelp
            ? (refusal.code == .fileExists ? "Choose a new file name, or add --force to replace the file."
                : "Choose a new or empty folder, or add --force to replace the folder and everything in it.")
            : "Choose another output path."
        Terminal.printRefusal(refusal, advice: advice)
        throw ExitCode.cannotCreate
    }
}

/// Ctrl-C (or SIGTERM) during a run removes half-written output before exiting.
///
/// The signals are ignored at the C level and delivered to a dispatch source instead, whose handler
/// runs on an ordinary thread: cleaning up needs locks and memory, which are not safe inside a
/// signal handler (one could arrive while the writer holds the lock, and deadlock). After cleaning,
/// the default action is restored and the signal raised again, so the shell sees an interrupted run.
enum Interrupts {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        guard sources.isEmpty else { return }
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global(qos: .userInitiated))
            source.setEventHandler {
                OutputCleanup.shared.removeAll()
                // End the way an interrupted program ends (the shell prints nothing and sees 130).
                // libdispatch may receive signals through a signalfd, which needs them blocked:
                // unblock it on this thread, restore the default action and raise it here.
                signal(sig, SIG_DFL)
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, sig)
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
                raise(sig)
                _exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
    }
}
