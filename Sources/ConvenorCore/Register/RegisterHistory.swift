import Foundation

/// The register's words for an initiative's decision history, where it matters: a pilot continued
/// again and again is the pilotitis the register exists to catch.
enum DecisionHistoryText {
    /// "; continued 3 times (2024-03-01, 2025-02-11, 2026-01-20)" when continued twice or more.
    static func continuations(_ i: Initiative) -> String {
        let dates = i.decisions.filter { $0.value == .continue }
        guard dates.count >= 2 else { return "" }
        let list = dates.map { $0.date?.iso ?? "undated" }.joined(separator: ", ")
        return "; continued \(dates.count) times (\(list))"
    }

    /// " (earlier: continue on 2025-10-02, scale on 2024-05-01)" when there are earlier decisions.
    static func earlier(_ i: Initiative) -> String {
        guard i.decisions.count >= 2, let current = Decision.currentIndex(of: i.decisions) else { return "" }
        let others = i.decisions.enumerated().filter { $0.offset != current }.map(\.element)
            .sorted { ($0.date?.daysSinceEpoch ?? .min) > ($1.date?.daysSinceEpoch ?? .min) }
            .map { $0.value.rawValue + ($0.date.map { " on \($0.iso)" } ?? "") }
        return " (earlier: \(others.joined(separator: ", ")))"
    }
}

extension Register {
    /// Says, for each merge recommendation, what merging would save: repeated assessments avoided
    /// and their cost, and front doors removed, by the scenario's definitions (`ScenarioSavings`).
    mutating func addMergeSavings(_ portfolio: Portfolio) {
        guard entries.contains(where: { $0.recommendation == .merge }) else { return }
        let calculator = SavingsCalculator(portfolio)
        for k in entries.indices where entries[k].recommendation == .merge {
            // The calculator checks the one-merge plan on just the two initiatives it names: checking it
            // on the whole portfolio cost a copy of every initiative per merge (quadratic at region scale).
            guard let into = entries[k].into, let savings = calculator.consolidating([entries[k].initiative.id], into: into) else { continue }
            entries[k].savings = savings
            entries[k].basis += " " + SavingsText.sentence(savings, hasContacts: !portfolio.contacts.isEmpty, currency: currency)
        }
    }
}

/// One sentence on what a consolidation would save, for the register and the overlap clusters.
public enum SavingsText {
    public static func sentence(_ s: ScenarioSavings, hasContacts: Bool, currency: String) -> String {
        let doors = s.frontDoorsRemoved > 0 ? "remove \(s.frontDoorsRemoved) front door\(s.frontDoorsRemoved == 1 ? "" : "s")"
            : s.frontDoorsRemoved < 0 ? "add \(-s.frontDoorsRemoved) front door\(s.frontDoorsRemoved == -1 ? "" : "s")" : "remove no front door"
        guard hasContacts else { return "Merging would \(doors)." }
        let n = s.repeatedAssessmentsAvoided
        let assessments = n > 0 ? "avoid \(Format.count(n)) repeated assessment\(n == 1 ? "" : "s")"
            : n < 0 ? "add \(Format.count(-n)) repeated assessment\(n == -1 ? "" : "s")" : "avoid no repeated assessment"
        var sentence = "Merging would \(assessments) and \(doors)"
        if s.costAvoided > 0 {
            sentence += "; repeated assessments would cost \(Format.money(s.costAvoided, currency: currency)) less over the contacts recorded"
        } else if s.costAvoided < 0 {
            sentence += "; repeated assessments would cost \(Format.money(-s.costAvoided, currency: currency)) more over the contacts recorded, at the lead's assessment cost"
        }
        return sentence + "."
    }
}
