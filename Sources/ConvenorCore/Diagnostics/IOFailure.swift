import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Says why a file operation failed in Convenor's words, never Foundation's ("The operation could not
/// be completed. The file doesn't exist."), with what to do about it (issue 14).
enum IOFailure {
    /// The POSIX error number behind a Foundation error, when there is one.
    static func errorNumber(_ error: Error) -> Int32? {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileWriteFileExists: return EEXIST
        default: return nil
        }
    }

    /// "cannot create the folder: you may not write there; …" for `what` failing on `path`.
    static func reason(_ what: String, _ error: Error) -> String {
        "\(what): \(explanation(errorNumber(error)))"
    }

    static func explanation(_ number: Int32?) -> String {
        switch number {
        case EACCES?, EPERM?: return "you may not write there; choose another place with -o, or change the folder's permissions"
        case ENOENT?: return "a folder on the way does not exist or was removed while writing; check the path"
        case ENOTDIR?: return "part of the path is a file, not a folder; check the path"
        case ENOSPC?, EDQUOT?: return "the disk is full; free some space and run again"
        case EROFS?: return "the disk is read-only; choose another place with -o"
        case EEXIST?: return "something with that name is already there; move it away or choose another place with -o"
        case EISDIR?: return "there is a folder with that name; choose another file name"
        case ENAMETOOLONG?: return "the path is too long; choose a shorter one"
        case let n?: return "the system refused (\(String(cString: strerror(n)))); check the path and run again"
        case nil: return "the system refused; check that the path exists and can be written, and run again"
        }
    }
}
