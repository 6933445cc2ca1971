import Foundation

/// Writes a portfolio in the XML form: deterministic, attributes in a fixed order, text escaped.
public enum XMLPortfolioWriter {
    /// `contactsFile`: the name written in the root's `contacts` attribute when there are contacts.
    public static func render(_ p: Portfolio, contactsFile: String?) -> String {
        var x = XMLWriter(.plain, layout: .indented)
        x.open("portfolio", attributeList: [
            ("xmlns", portfolioNamespace), ("place", p.place.name), ("code", p.place.code), ("as-of", p.place.asOf?.iso),
            ("currency", p.place.currency == "GBP" ? nil : p.place.currency),
            ("contacts", p.contacts.isEmpty ? nil : contactsFile),
        ])
        for n in p.neighbourhoods {
            x.empty("neighbourhood", ["id": n.id, "name": n.name, "code": n.code,
                                      "population": n.population.map(String.init), "imd-decile": n.imdDecile.map(String.init)])
        }
        for o in p.organisations {
            x.empty("organisation", ["id": o.id, "name": o.name, "sector": o.sector?.rawValue])
        }
        for t in p.teams {
            x.empty("team", ["id": t.id, "name": t.name, "organisation": t.organisation, "department": t.department,
                             "fte": t.fte.map { "\($0)" }, "role": t.role?.rawValue,
                             "neighbourhoods": t.neighbourhoods.isEmpty ? nil : t.neighbourhoods.joined(separator: " ")])
        }
        for c in p.cohorts {
            x.empty("cohort", ["id": c.id, "name": c.name, "never-merge-with": c.neverMergeWith.isEmpty ? nil : c.neverMergeWith.joined(separator: " ")])
        }
        for o in p.outcomes { x.empty("outcome", ["id": o.id, "name": o.name]) }
        for i in p.initiatives {
            x.open("initiative", ["id": i.id, "name": i.name, "kind": i.kind.rawValue, "status": i.status.rawValue,
                                  "owner": i.owner, "department": i.department, "sponsor": i.sponsor,
                                  "start": i.start?.iso, "end": i.end?.iso])
            for f in i.funding {
                x.empty("funding", ["source": f.source, "kind": f.kind?.rawValue, "amount": "\(f.amount)",
                                    "per": f.per.rawValue, "start": f.start?.iso, "end": f.end?.iso])
            }
            func list(_ name: String, _ items: [String]) {
                if !items.isEmpty { x.element(name, text: items.joined(separator: " ")) }
            }
            list("teams", i.teams)
            switch i.coverage {
            case .everywhere: x.element("neighbourhoods", text: "*")
            case .neighbourhoods(let ids): list("neighbourhoods", ids)
            }
            list("cohorts", i.cohorts)
            list("outcomes", i.outcomes)
            if let a = i.assessment { x.empty("assessment", ["name": a.name, "unit-cost": a.unitCost.map { "\($0)" }]) }
            if let c = i.caseload { x.empty("caseload", ["households": String(c)]) }
            if let e = i.evidence {
                x.empty("evidence", ["level": e.level.rawValue, "result": e.result?.rawValue, "date": e.date?.iso, "source": e.source])
            }
            if let r = i.review { x.empty("review", ["date": r.date.iso, "owner": r.owner]) }
            for d in i.decisions {
                let attributes: XMLWriter.Attributes = ["value": d.value.rawValue, "date": d.date?.iso, "by": d.by, "into": d.into,
                                                        "alternatives": d.alternatives]
                if let rationale = d.rationale {
                    x.element("decision", attributes, text: rationale)
                } else {
                    x.empty("decision", attributes)
                }
            }
            if let d = i.description { x.element("description", text: d) }
            x.close()
        }
        x.close()
        return x.document(trailingNewline: true)
    }
}

/// Escapes text for XML, HTML and SVG. In attributes, quotes and line breaks are escaped too.
public func escape(_ text: String, attribute: Bool = false) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"" where attribute: out += "&quot;"
        case "'" where attribute: out += "&#39;"
        case "\n" where attribute: out += "&#10;"
        case "\r": out += "&#13;"
        case "\t" where attribute: out += "&#9;"
        default:
            // Characters XML 1.0 forbids are dropped rather than written into a file nothing can read.
            if c.value < 0x20 && c != "\n" && c != "\t" { continue }
            out.unicodeScalars.append(c)
        }
    }
    return out
}

/// `escape(text, attribute:)`'s bytes appended to `out`, without a `String` in between. Every character
/// it changes is ASCII, so working on UTF-8 bytes gives the same result byte for byte.
func appendEscaped(_ text: String, attribute: Bool, to out: inout [UInt8]) {
    for b in text.utf8 {
        switch b {
        case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\"") where attribute: out.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'") where attribute: out.append(contentsOf: "&#39;".utf8)
        case 10 where attribute: out.append(contentsOf: "&#10;".utf8)
        case 13: out.append(contentsOf: "&#13;".utf8)
        case 9 where attribute: out.append(contentsOf: "&#9;".utf8)
        default:
            // Characters XML 1.0 forbids are dropped, as `escape` drops them.
            if b < 0x20 && b != 10 && b != 9 { continue }
            out.append(b)
        }
    }
}

/// Writes a portfolio in the CSV folder form, one file per entity, columns as `CSVLayout` defines them.
public enum CSVPortfolioWriter {
    public static func render(_ p: Portfolio) -> [RenderedFile] {
        var files = tables(p).map { t, rows in RenderedFile(path: t.file, contents: CSVDocument.render(header: t.all, rows: rows)) }
        if !p.contacts.isEmpty { files.append(RenderedFile(path: CSVLayout.contacts.file, contents: contactsCSV(p.contacts))) }
        return files
    }

    /// Every table but contacts with its rows, as text cells in the order of `t.all` (the CSV files and
    /// the workbook's sheets hold the same).
    static func tables(_ p: Portfolio) -> [(CSVLayout.Table, [[String]])] {
        func d(_ v: Decimal?) -> String { v.map { "\($0)" } ?? "" }
        func table(_ t: CSVLayout.Table, _ rows: [[String]]) -> (CSVLayout.Table, [[String]]) { (t, rows) }
        var files = [
            table(CSVLayout.place, [[p.place.name, p.place.code ?? "", p.place.asOf?.iso ?? "", p.place.currency]]),
            table(CSVLayout.neighbourhoods, p.neighbourhoods.map { [$0.id, $0.name, $0.code ?? "", $0.population.map(String.init) ?? "", $0.imdDecile.map(String.init) ?? ""] }),
            table(CSVLayout.organisations, p.organisations.map { [$0.id, $0.name, $0.sector?.rawValue ?? ""] }),
            table(CSVLayout.teams, p.teams.map { [$0.id, $0.name, $0.organisation ?? "", $0.department ?? "", d($0.fte), $0.role?.rawValue ?? "", $0.neighbourhoods.joined(separator: ";")] }),
            table(CSVLayout.cohorts, p.cohorts.map { [$0.id, $0.name, $0.neverMergeWith.joined(separator: ";")] }),
            table(CSVLayout.outcomes, p.outcomes.map { [$0.id, $0.name] }),
        ]
        let initiativeRows: [[String]] = p.initiatives.map { i in
            // The first decision recorded stays in initiatives.csv; later ones go to decisions.csv, in
            // order, so reading the folder gives the same history (docs/decisions.md, issue 15).
            let first = i.decisions.first
            let coverage: String
            switch i.coverage {
            case .everywhere: coverage = "*"
            case .neighbourhoods(let ids): coverage = ids.joined(separator: ";")
            }
            return [i.id, i.name, i.kind.rawValue, i.status.rawValue, i.owner ?? "", i.department ?? "", i.sponsor ?? "",
                    i.start?.iso ?? "", i.end?.iso ?? "", i.teams.joined(separator: ";"), coverage,
                    i.cohorts.joined(separator: ";"), i.outcomes.joined(separator: ";"),
                    i.assessment?.name ?? "", d(i.assessment?.unitCost), i.caseload.map(String.init) ?? "",
                    i.evidence?.level.rawValue ?? "", i.evidence?.result?.rawValue ?? "", i.evidence?.date?.iso ?? "", i.evidence?.source ?? "",
                    i.review?.date.iso ?? "", i.review?.owner ?? "",
                    first?.value.rawValue ?? "", first?.date?.iso ?? "", first?.by ?? "", first?.into ?? "",
                    first?.rationale ?? "", first?.alternatives ?? "", i.description ?? ""]
        }
        files.append(table(CSVLayout.initiatives, initiativeRows))
        files.append(table(CSVLayout.funding, p.initiatives.flatMap { i in
            i.funding.map { f in [i.id, f.source, d(f.amount), f.kind?.rawValue ?? "", f.per.rawValue, f.start?.iso ?? "", f.end?.iso ?? ""] }
        }))
        let laterDecisions = p.initiatives.flatMap { i in i.decisions.dropFirst().map { CSVPortfolioWriter.decisionRow(i.id, $0, columns: CSVLayout.decisions.all) } }
        if !laterDecisions.isEmpty { files.append(table(CSVLayout.decisions, laterDecisions)) }
        return files
    }

    /// One row of decisions.csv, its cells in the order of `columns` (a file's own header order).
    static func decisionRow(_ initiative: String, _ d: Decision, columns: [String]) -> [String] {
        columns.map { column in
            switch column {
            case "initiative": initiative
            case "value": d.value.rawValue
            case "date": d.date?.iso ?? ""
            case "by": d.by ?? ""
            case "into": d.into ?? ""
            case "alternatives": d.alternatives ?? ""
            case "rationale": d.rationale ?? ""
            default: ""
            }
        }
    }

    /// contacts.csv. Only `convert` writes this: it re-expresses the user's own input, ids included.
    public static func contactsCSV(_ c: ContactLog) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(40 * (c.count + 1))
        CSVDocument.append(CSVLayout.contacts.all, to: &out)
        for n in 0..<c.count {
            CSVDocument.append([c.householdIDs[Int(c.household[n])], c.initiativeIDs[Int(c.initiative[n])],
                                c.date(at: n)?.iso ?? "", c.assessed[n] ? "true" : "false"], to: &out)
        }
        return Data(out)
    }
}
