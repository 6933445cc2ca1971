import ConvenorCore
import Foundation

/// Records the room's decisions in a portfolio (a staged copy), through the core's decision recorder.
enum PortfolioWriteBack {
    static func record(_ decisions: [RoomDecision], inPortfolioAt path: String) throws {
        guard !decisions.isEmpty else { return }
        throw FileError(path: path, reason: "writing decisions back needs the core decision recorder (issue 15), not merged yet")
    }
}
