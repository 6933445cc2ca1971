/// The checks that need the whole portfolio: references resolve, dates make sense, decisions are coherent.
/// Both forms share them, so the messages are the same whatever the input.
public struct PortfolioValidator {
    public let portfolio: Portfolio
    public let sourceMap: SourceMap

    public init(portfolio: Portfolio, sourceMap: SourceMap) {
        self.portfolio = portfolio
        self.sourceMap = sourceMap
    }

    public func check() -> [Diagnostic] {
        var out: [Diagnostic] = []
        let p = portfolio
        let organisations = Set(p.organisations.map(\.id)), neighbourhoods = Set(p.neighbourhoods.map(\.id))
        let teams = Set(p.teams.map(\.id)), cohorts = Set(p.cohorts.map(\.id)), outcomes = Set(p.outcomes.map(\.id))
        let initiatives = Set(p.initiatives.map(\.id))
        let csv = sourceMap.form == .csv

        func whereDefined(_ kind: EntityKind) -> String {
            switch kind {
            case .neighbourhood: csv ? "neighbourhoods.csv" : "the <neighbourhood> elements"
            case .organisation: csv ? "organisations.csv" : "the <organisation> elements"
            case .team: csv ? "teams.csv" : "the <team> elements"
            case .cohort: csv ? "cohorts.csv" : "the <cohort> elements"
            case .outcome: csv ? "outcomes.csv" : "the <outcome> elements"
            default: csv ? "initiatives.csv" : "the <initiative> elements"
            }
        }

        func dangling(_ from: EntityKind, _ id: String, field: String, target: EntityKind, _ value: String) {
            out.append(.error(.danglingReference,
                              "\(from.rawValue) '\(id)' names \(target.rawValue) '\(value)' in \(sourceMap.sourceName(of: field)), but there is no \(target.rawValue) with that id in \(whereDefined(target))",
                              at: sourceMap.location(of: from, id, field: field), field: sourceMap.sourceName(of: field)))
        }

        func problem(_ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ kind: EntityKind, _ id: String, field: String?, _ message: String) {
            out.append(Diagnostic(severity, code, message, at: sourceMap.location(of: kind, id, field: field),
                                  field: field.map { sourceMap.sourceName(of: $0) }))
        }

        for t in p.teams {
            if let o = t.organisation, !organisations.contains(o) { dangling(.team, t.id, field: "organisation", target: .organisation, o) }
            for n in t.neighbourhoods where !neighbourhoods.contains(n) { dangling(.team, t.id, field: "neighbourhoods", target: .neighbourhood, n) }
        }

        for c in p.cohorts {
            for other in c.neverMergeWith {
                if other == c.id {
                    problem(.error, .neverMergeWithSelf, .cohort, c.id, field: "never-merge-with",
                            "cohort '\(c.id)' names itself in never-merge-with; name the cohorts it must never share a merged service with")
                } else if !cohorts.contains(other) {
                    dangling(.cohort, c.id, field: "never-merge-with", target: .cohort, other)
                }
            }
        }

        let asOf = p.place.asOf
        if asOf == nil {
            out.append(.warning(.missingAsOf, LoadedPortfolio.missingAsOfMessage(p.place.name),
                                at: sourceMap.location(of: .place, "", field: "as-of")))
        }

        for i in p.initiatives {
            if let o = i.owner, !organisations.contains(o) { dangling(.initiative, i.id, field: "owner", target: .organisation, o) }
            for t in i.teams where !teams.contains(t) { dangling(.initiative, i.id, field: "teams", target: .team, t) }
            if case .neighbourhoods(let ids) = i.coverage {
                for n in ids where !neighbourhoods.contains(n) { dangling(.initiative, i.id, field: "neighbourhoods", target: .neighbourhood, n) }
            }
            for c in i.cohorts where !cohorts.contains(c) { dangling(.initiative, i.id, field: "cohorts", target: .cohort, c) }
            for o in i.outcomes where !outcomes.contains(o) { dangling(.initiative, i.id, field: "outcomes", target: .outcome, o) }

            if let s = i.start, let e = i.end, e < s {
                problem(.error, .endBeforeStart, .initiative, i.id, field: "end",
                        "initiative '\(i.id)' ends (\(e)) before it starts (\(s)); check both dates")
            }
            for (n, f) in i.funding.enumerated() {
                if let s = f.start, let e = f.end, e < s {
                    out.append(.error(.endBeforeStart, "funding line '\(f.source)' of initiative '\(i.id)' ends (\(e)) before it starts (\(s)); check both dates",
                                      at: sourceMap.location(of: .funding, "\(i.id)#\(n)", field: "end"), field: "end"))
                }
            }
            if let r = i.review, let s = i.start, r.date < s, i.status != .proposed {
                problem(.warning, .reviewBeforeStart, .initiative, i.id, field: "review-date",
                        "initiative '\(i.id)' is due for review (\(r.date)) before it starts (\(s)); check the review date")
            }
            for (n, d) in i.decisions.enumerated() {
                // Every decision of the history is checked where it is written.
                let key = SourceMap.decisionID(i.id, n)
                func decisionProblem(_ severity: Diagnostic.Severity, _ code: DiagnosticCode, field: String, _ message: String) {
                    let name = sourceMap.sourceName(of: field, in: .decision, key)
                    out.append(Diagnostic(severity, code, message, at: sourceMap.location(of: .decision, key, field: field) ?? sourceMap.location(of: .initiative, i.id, field: field),
                                          field: name))
                }
                if let into = d.into {
                    if d.value != .merge {
                        decisionProblem(.error, .intoWithoutMerge, field: "decision-into",
                                        "initiative '\(i.id)' has a decision to \(d.value.rawValue) with 'into' set to '\(into)'; 'into' is only for a merge decision")
                    } else if into == i.id {
                        decisionProblem(.error, .mergeIntoSelf, field: "decision-into",
                                        "initiative '\(i.id)' is to merge into itself; name the initiative it merges into")
                    } else if !initiatives.contains(into) {
                        let name = sourceMap.sourceName(of: "decision-into", in: .decision, key)
                        decisionProblem(.error, .danglingReference, field: "decision-into",
                                        "initiative '\(i.id)' names initiative '\(into)' in \(name), but there is no initiative with that id in \(whereDefined(.initiative))")
                    }
                } else if d.value == .merge {
                    decisionProblem(.warning, .mergeWithoutInto, field: "decision",
                                    "initiative '\(i.id)' is to merge but does not say into which initiative; add decision-into")
                }
                if let date = d.date, let asOf, date > asOf {
                    decisionProblem(.warning, .dateInFuture, field: "decision-date",
                                    "initiative '\(i.id)' has a decision dated \(date), after the portfolio's as-of date \(asOf); decisions record what was decided")
                }
            }
            if let e = i.evidence, let date = e.date, let asOf, date > asOf {
                problem(.warning, .dateInFuture, .initiative, i.id, field: "evidence-date",
                        "initiative '\(i.id)' has evidence dated \(date), after the portfolio's as-of date \(asOf)")
            }
        }
        return out
    }
}
