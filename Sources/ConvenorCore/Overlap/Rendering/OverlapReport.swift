import Foundation

/// `index.html`: the overlap map as one self-contained page (inline CSS, JS and SVG; no network),
/// readable on screen and printable on A4.
public enum OverlapReport {
    /// Proposals are counted as active (the peer's definition) but are not running services: say how many.
    static func activeNote(_ r: OverlapResult) -> String {
        let proposed = r.initiatives.count { !$0.isRunning }
        return proposed == 0 ? "not ended or stopped" : "not ended or stopped; \(proposed) of them proposed, not yet running"
    }

    public static func html(_ r: OverlapResult, figures: OverlapFigures? = nil, portfolio: Portfolio, pictures: OverlapPictures.Pictures,
                            files: [String] = OverlapOutputKind.allCases.flatMap(\.files)) -> String {
        let f = figures ?? OverlapFigures(r)
        let opt = r.options
        let h = r.households
        let place = escape(r.place.name)
        func name(_ id: String) -> String { r.node(id)?.name ?? id }
        let asOf = r.place.asOf.map { OverlapAnalysis.longDate($0) }
        let nbNames = Dictionary(portfolio.neighbourhoods.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })

        var s = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Convenor">
        <title>\(place): where initiatives overlap</title>
        <style>\(css)</style>
        </head>
        <body>
        <header class="masthead"><div class="wrap">
        <p class="kicker">\(place)\(asOf.map { " · position at \(escape($0))" } ?? "") · overlap map</p>
        <h1>Where initiatives overlap</h1>
        <p class="lede">Which of \(place)'s \(OverlapAnalysis.plural(f.activeInitiatives, "active initiative")) work the same neighbourhoods, cohorts and households with separate teams and separate assessments, and what the repeated assessments cost.</p>
        </div></header>
        <main class="wrap">
        <section class="figures" aria-label="Key figures">
        \(figure(Format.count(f.activeInitiatives), "active initiatives", activeNote(r)))
        \(figure(Format.count(f.linkedPairs), "linked pairs", "score \(f.minScoreText) or more, of \(Format.count(f.overlappingPairs)) overlapping pairs"))
        \(figure(Format.count(f.clusters), "consolidation candidates", "groups that could become one service"))
        \(figure(f.households > 0 ? opt.householdsText(f.householdsMulti) : "–", "households met 2+ initiatives", f.households > 0 ? "of \(opt.householdsText(f.households)) in the contact records" : "no contact records given"))
        \(figure(f.repeatedAssessments > 0 ? Format.money(f.repeatedAssessmentCost, currency: r.place.currency) : "–", "on repeated assessments", f.repeatedAssessments > 0 ? "\(Format.count(f.repeatedAssessments)) assessments of a household already assessed" : "none recorded"))
        </section>

        <section id="findings">
        <h2>What the data says</h2>
        <ol class="findings">

        """
        for f in OverlapAnalysis.findings(r, portfolio: portfolio) { s += "<li>\(escape(f))</li>\n" }
        s += "</ol>\n</section>\n"

        // Clusters.
        s += "<section id=\"clusters\">\n<h2>Consolidation candidates</h2>\n"
        if r.clusters.isEmpty {
            s += "<p>No group of initiatives overlaps enough (score \(String(format: "%.2f", opt.minScore)) or more) to suggest consolidating.</p>\n"
        } else {
            s += "<p class=\"note\">Each cluster is a group of running initiatives that could become one service: every member overlaps the suggested lead directly, serves mostly the same cohorts towards a shared outcome, and works mostly where the lead works. The lead can lead: it is not proposed, paused, failing or an overdue pilot, and no member outranks it. Bring the cluster's owners together before funding any of them again.</p>\n"
            s += "<table class=\"sortable clusters\"><thead><tr><th scope=\"col\" data-type=\"number\">Cluster</th><th scope=\"col\">Initiatives</th><th scope=\"col\">Suggested lead</th><th scope=\"col\">Where they meet</th><th scope=\"col\" class=\"num\" data-type=\"number\">Teams</th><th scope=\"col\" data-type=\"number\">Front doors</th><th scope=\"col\" data-type=\"number\">Households met 2+</th><th scope=\"col\" data-type=\"number\">Mean score</th></tr></thead><tbody>\n"
            for c in r.clusters {
                let members = c.members.map { m -> String in
                    let dept = r.node(m)?.department.map { " <span class=\"dept\">(\(escape($0)))</span>" } ?? ""
                    return "<li>\(escape(name(m)))\(dept)</li>"
                }.joined()
                let places = c.commonNeighbourhoods.map { nbNames[$0] ?? $0 }
                s += "<tr><td data-v=\"\(c.id)\">\(c.id)</td><td><ul class=\"members\">\(members)</ul><span class=\"why\">Why one group: \(escape(c.basis)).</span></td>"
                let leadName = c.lead.map(name) ?? "No natural lead: decide who leads"
                s += "<td><strong>\(escape(leadName))</strong><br><span class=\"why\">\(escape(c.leadReason.capitalisedFirst)).</span>"
                    + (c.savings.map { "<br><span class=\"why\">\(escape(SavingsText.sentence($0, hasContacts: h.contacts > 0, currency: r.place.currency)))</span>" } ?? "") + "</td>"
                s += "<td>\(escape(places.isEmpty ? "—" : places.joined(separator: ", ")))</td>"
                s += "<td class=\"num\" data-v=\"\(c.teams)\">\(c.teams)</td><td class=\"num\" data-v=\"\(c.frontDoors)\">\(c.frontDoors)</td>"
                s += "<td class=\"num\" data-v=\"\(sortValue(c.sharedHouseholds, opt))\">\(escape(countText(c.sharedHouseholds, opt)))</td>"
                s += "<td class=\"num\" data-v=\"\(OverlapTables.fixed6(c.meanScore))\">\(String(format: "%.2f", c.meanScore))</td></tr>\n"
            }
            s += "</tbody></table>\n"
        }
        s += "</section>\n"

        // Same families, different people.
        if !r.coordination.isEmpty {
            s += "<section id=\"coordinate\">\n<h2>Coordinate, never merge</h2>\n"
            s += "<p class=\"note\">These pairs meet the same families but serve different people (a victim service and a perpetrator programme; a child's and a parent's service). They are never consolidation candidates: \(escape(OverlapCoordination.advice)). Also in <code>coordination.csv</code>.</p>\n"
            s += "<table class=\"sortable\"><thead><tr><th scope=\"col\">Initiative</th><th scope=\"col\">Shares families with</th><th scope=\"col\" data-type=\"number\">Shared households</th><th scope=\"col\" data-type=\"number\">Score</th><th scope=\"col\">Why not one service</th></tr></thead><tbody>\n"
            for c in r.coordination {
                s += "<tr><td>\(escape(name(c.a)))</td><td>\(escape(name(c.b)))</td>"
                s += "<td class=\"num\" data-v=\"\(sortValue(c.sharedHouseholds, opt))\">\(escape(countText(c.sharedHouseholds, opt)))</td>"
                s += "<td class=\"num\" data-v=\"\(OverlapTables.fixed6(c.score))\">\(String(format: "%.2f", c.score))</td>"
                s += "<td>\(escape(c.reason)).</td></tr>\n"
            }
            s += "</tbody></table>\n</section>\n"
        }

        s += "<section id=\"network\" class=\"picture\">\n<h2>The network</h2>\n<figure>\n\(svgBody(pictures.network))<figcaption>Figure 1. Initiatives in clusters, linked where their overlap score is \(String(format: "%.2f", opt.minScore)) or more. Also in <code>network.svg</code>; open <code>overlap.gexf</code> in Gephi to explore the whole network.</figcaption>\n</figure>\n</section>\n"
        s += "<section id=\"matrix\" class=\"picture\">\n<h2>Overlap scores, cluster by cluster</h2>\n<figure>\n\(svgBody(pictures.matrix))<figcaption>Figure 2. Pairwise overlap scores between the initiatives in clusters; each black square is one cluster. Also in <code>matrix.svg</code>.</figcaption>\n</figure>\n</section>\n"

        // Neighbourhoods.
        s += "<section id=\"neighbourhoods\">\n<h2>Neighbourhoods</h2>\n<p class=\"note\">\(escape(FigureDefinitions.teams)) \(escape(FigureDefinitions.frontDoors)) \(escape(FigureDefinitions.fte)) Click a column heading to sort.</p>\n"
        // A region has thousands of neighbourhoods: the page shows the busiest, the CSV has them all.
        let shownNeighbourhoods = r.neighbourhoods.count <= 150 ? r.neighbourhoods
            : Array(r.neighbourhoods.enumerated().sorted { $0.element.activeInitiatives != $1.element.activeInitiatives
                ? $0.element.activeInitiatives > $1.element.activeInitiatives : $0.offset < $1.offset }.prefix(150).map(\.element))
        if shownNeighbourhoods.count < r.neighbourhoods.count {
            s += "<p class=\"note\">The 150 neighbourhoods with the most active initiatives, of \(Format.count(r.neighbourhoods.count)); all are in <code>neighbourhoods.csv</code>.</p>\n"
        }
        s += "<table class=\"sortable\"><thead><tr><th scope=\"col\">Neighbourhood</th><th scope=\"col\" data-type=\"number\">Population</th><th scope=\"col\" data-type=\"number\">IMD decile</th><th scope=\"col\" data-type=\"number\">Active initiatives</th><th scope=\"col\" class=\"num\" data-type=\"number\">Teams</th><th scope=\"col\" data-type=\"number\">Front doors</th><th scope=\"col\" data-type=\"number\">FTE</th><th scope=\"col\">Busiest cohort</th></tr></thead><tbody>\n"
        for n in shownNeighbourhoods {
            let busiest = n.busiestCohort.map { "\(escape($0.cohortName)) (\($0.initiatives))" } ?? "—"
            s += "<tr><td>\(escape(n.name))</td><td class=\"num\" data-v=\"\(n.population ?? -1)\">\(n.population.map(Format.count) ?? "—")</td>"
            s += "<td class=\"num\" data-v=\"\(n.imdDecile ?? 99)\">\(n.imdDecile.map(String.init) ?? "—")</td>"
            s += "<td class=\"num\" data-v=\"\(n.activeInitiatives)\">\(n.activeInitiatives)</td><td class=\"num\" data-v=\"\(n.teams)\">\(n.teams)</td>"
            s += "<td class=\"num\" data-v=\"\(n.frontDoors)\">\(n.frontDoors)</td><td class=\"num\" data-v=\"\(Format.plain(n.fte, places: 2))\">\(Format.fte(n.fte))</td>"
            s += "<td data-v=\"\(n.busiestCohort?.initiatives ?? 0)\">\(busiest)</td></tr>\n"
        }
        s += "</tbody></table>\n</section>\n"

        // Strongest pairs.
        let top = r.pairs.filter { $0.score >= opt.minScore }.sorted { $0.score != $1.score ? $0.score > $1.score : ($0.aIndex, $0.bIndex) < ($1.aIndex, $1.bIndex) }
        s += "<section id=\"pairs\">\n<h2>Strongest overlaps</h2>\n"
        if top.isEmpty {
            s += "<p>No pair reaches the threshold.</p>\n"
        } else {
            let shown = top.prefix(40)
            s += "<p class=\"note\">The \(shown.count == top.count ? "" : "\(shown.count) strongest of the ")\(OverlapAnalysis.plural(f.linkedPairs, "linked pair")) (score \(f.minScoreText) or more). All \(Format.count(f.overlappingPairs)) overlapping pairs are in <code>pairs.csv</code>.</p>\n"
            s += "<table class=\"sortable\"><thead><tr><th scope=\"col\">Initiative</th><th scope=\"col\">Overlaps with</th><th scope=\"col\" data-type=\"number\">Score</th><th scope=\"col\" data-type=\"number\">Place</th><th scope=\"col\" data-type=\"number\">Cohort</th><th scope=\"col\" data-type=\"number\">Shared households</th><th scope=\"col\" class=\"num\" data-type=\"number\">Teams</th></tr></thead><tbody>\n"
            for p in shown {
                s += "<tr><td>\(escape(name(p.a)))</td><td>\(escape(name(p.b)))</td>"
                s += "<td class=\"num\" data-v=\"\(OverlapTables.fixed6(p.score))\">\(String(format: "%.2f", p.score))</td>"
                s += "<td class=\"num\" data-v=\"\(OverlapTables.fixed6(p.place))\">\(OverlapAnalysis.percent(p.place))</td>"
                s += "<td class=\"num\" data-v=\"\(OverlapTables.fixed6(p.cohort))\">\(OverlapAnalysis.percent(p.cohort))</td>"
                s += "<td class=\"num\" data-v=\"\(sortValue(p.sharedHouseholds, opt))\">\(escape(countText(p.sharedHouseholds, opt)))</td>"
                s += "<td class=\"num\" data-v=\"\(p.teams)\">\(p.teams)</td></tr>\n"
            }
            s += "</tbody></table>\n"
        }
        s += "</section>\n"

        // Households.
        s += "<section id=\"households\">\n<h2>Households and repeated assessments</h2>\n"
        if h.households == 0 {
            s += "<p>The portfolio has no contact records (<code>contacts.csv</code>), so household overlap and repeated assessments could not be counted.</p>\n"
        } else {
            let period = (h.firstContact.map(OverlapAnalysis.monthYear)).flatMap { f in h.lastContact.map { "\(f) to \(OverlapAnalysis.monthYear($0))" } }
            s += "<p>\(escape(opt.householdsText(h.households).capitalisedFirst)) households appear in \(Format.count(h.contacts)) contact records\(period.map { " (\(escape($0)))" } ?? ""). "
            s += "\(Format.count(h.assessments)) contacts were assessments by an initiative with its own assessment; \(Format.count(h.repeatedAssessments)) of them assessed a household that had already been assessed elsewhere, at a cost of \(escape(Format.money(h.duplicatedAssessmentCost, currency: r.place.currency))).</p>\n"
            let maxBin = max(h.histogram.map(\.households).max() ?? 1, 1)
            s += "<table class=\"histogram\"><caption>Households by the number of different initiatives they met</caption><thead><tr><th scope=\"col\">Initiatives met</th><th scope=\"col\" class=\"num\">Households</th><th scope=\"col\"><span class=\"visually-hidden\">Share</span></th></tr></thead><tbody>\n"
            for bin in h.histogram {
                let suppressed = opt.isSuppressed(bin.households)
                let widthPercent = suppressed ? 0 : Double(bin.households) / Double(maxBin) * 100
                s += "<tr><td>\(bin.initiatives)</td><td class=\"num\">\(escape(countText(bin.households, opt)))</td><td class=\"bar\"><span style=\"width:\(Format.plain(widthPercent, places: 1))%\"></span></td></tr>\n"
            }
            s += "</tbody></table>\n"
        }
        s += "</section>\n"

        // Method.
        let w = opt.weights
        s += """
        <section id="method">
        <h2>How this was worked out</h2>
        <ul>
        <li>\(escape(FigureDefinitions.active)) \(escape(FigureDefinitions.overlappingPair)) \(escape(FigureDefinitions.linkedPair))</li>
        <li><strong>Place</strong>: how far their neighbourhoods coincide, weighted by population (weighted Jaccard). <strong>Cohort</strong>: the share of their target groups in common (Jaccard). <strong>Reach</strong> = place × cohort: the same kind of people in the same places.</li>
        <li><strong>Household overlap</strong>: households that met both, as a share of the smaller initiative's households. <strong>Teams</strong>: distinct teams of the two working where they overlap.</li>
        <li><strong>Score</strong> = (\(weightText(w.place)) × place + \(weightText(w.cohort)) × cohort + \(weightText(w.reach)) × reach + \(weightText(w.households)) × household overlap + \(weightText(w.outcomes)) × outcome overlap + \(weightText(w.teams)) × separate teams) ÷ \(weightText(w.total)), between 0 and 1. Outcome overlap is shared outcomes ÷ the smaller outcome list; separate teams is 1 when two or more different teams work the shared ground.</li>
        <li><strong>Consolidation candidates</strong> are built around a lead, never by chaining. Two running initiatives (proposals are left out) could be one service when they score \(String(format: "%.2f", opt.minScore)) or more, share a neighbourhood, at least \(Int((opt.minCohortShare * 100).rounded()))% of their cohorts and an outcome, and the portfolio does not declare their cohorts never to be merged. Leads are taken in turn, the one with the most such overlap first; each takes the initiatives it overlaps directly that work mostly (\(Int((opt.minPlaceCover * 100).rounded()))% of their population or more) where it works and do not outrank it (able to lead, established, evidence). An initiative that overlaps those left outside the group more than the group itself stays out, so a weak bridge never joins two groups. Initiatives that can lead go first; groups left without one say "no natural lead: decide who leads". An initiative that only shares wards is in no group.</li>
        <li><strong>A lead</strong> is not proposed, paused, failing (negative evidence) or an overdue pilot (review date passed with no decision since).</li>
        <li><strong>Coordinate</strong>: a pair scoring \(String(format: "%.2f", opt.minScore)) or more that shares households but no cohort, or serves cohorts declared never to be merged, is told to coordinate (one plan, one lead professional for the shared families), never to merge.</li>
        <li><strong>Repeated assessments</strong>: for each household, every assessment after its first (by date) by an initiative with its own assessment, costed at that initiative's unit cost.</li>
        <li><strong>Disclosure control</strong>: any count of fewer than \(opt.suppressBelow) households is shown as &lt;\(opt.suppressBelow). Household identifiers are never shown.</li>
        </ul>
        </section>

        """
        s += "<section id=\"files\">\n<h2>Files in this folder</h2>\n<ul class=\"files\">\n"
        let describe: [String: String] = [
            "pairs.csv": "every pair of active initiatives sharing a neighbourhood or household, with all measures",
            "clusters.csv": "consolidation candidates: members, suggested lead (or none) and why",
            "coordination.csv": "pairs that share families across cohorts: coordinate, never merge",
            "neighbourhoods.csv": "initiatives, teams, front doors and staff per neighbourhood",
            "households.csv": "households by the number of initiatives they met",
            "summary.json": "headline figures", "overlap.json": "everything above, for other programs",
            "overlap.graphml": "the network, for yEd, Cytoscape or Gephi", "overlap.gexf": "the network, for Gephi",
            "overlap.dot": "the network, for Graphviz", "matrix.svg": "Figure 2", "network.svg": "Figure 1",
        ]
        for f in files where f != "index.html" {
            s += "<li><a href=\"\(escape(f, attribute: true))\"><code>\(escape(f))</code></a> — \(escape(describe[f] ?? ""))</li>\n"
        }
        s += "</ul>\n</section>\n</main>\n"
        s += "<footer class=\"wrap\"><p>Made by Convenor from the \(place) portfolio\(asOf.map { " as at \(escape($0))" } ?? ""). Counts below \(opt.suppressBelow) households are shown as &lt;\(opt.suppressBelow).</p></footer>\n"
        s += "<script>\(script)</script>\n</body>\n</html>\n"
        return s
    }

    /// A household count for the page: `<5` below the threshold, else with thousands separators.
    static func countText(_ n: Int, _ opt: OverlapOptions) -> String {
        opt.isSuppressed(n) ? "<\(opt.suppressBelow)" : Format.count(n)
    }

    /// The sort key of a household count: a suppressed count must not leak through the markup.
    static func sortValue(_ n: Int, _ opt: OverlapOptions) -> String {
        opt.isSuppressed(n) ? "0.5" : String(n)
    }

    static func weightText(_ w: Double) -> String {
        var t = String(format: "%.2f", w)
        while t.hasSuffix("0") && t.contains(".") && !t.hasSuffix(".0") { t.removeLast() }
        if t.hasSuffix(".0") { t.removeLast(2) }
        return t
    }

    static func figure(_ value: String, _ label: String, _ detail: String) -> String {
        "<div class=\"figure\"><span class=\"value\">\(escape(value))</span><span class=\"label\">\(escape(label))</span><span class=\"detail\">\(escape(detail))</span></div>"
    }

    /// An SVG document as an inline element: the XML declaration (if any) dropped, scaled to the column.
    static func svgBody(_ svg: String) -> String {
        InlineSVG.body(of: svg).replacingOccurrences(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=", with: "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" data-width=")
    }

    static let css = """

    :root { --ink: #0b0c0c; --muted: #505a5f; --rule: #b1b4b6; --panel: #f3f2f1; --blue: #1d70b8; }
    * { box-sizing: border-box; }
    body { margin: 0; font-family: Arial, Helvetica, sans-serif; color: var(--ink); font-size: 16px; line-height: 1.45; background: #fff; }
    .wrap { max-width: 1040px; margin: 0 auto; padding: 0 24px; }
    .masthead { background: #0b0c0c; color: #fff; border-bottom: 8px solid var(--blue); padding: 20px 0 24px; }
    .kicker { margin: 0; font-size: 15px; color: #dfe1e2; text-transform: none; }
    h1 { margin: 6px 0 8px; font-size: 40px; line-height: 1.1; }
    .lede { margin: 0; font-size: 19px; max-width: 46em; }
    h2 { font-size: 26px; margin: 36px 0 12px; padding-top: 8px; border-top: 2px solid var(--ink); }
    .figures { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; margin: 24px 0 8px; }
    .figure { background: var(--panel); border-left: 5px solid var(--blue); padding: 12px 12px 14px; display: flex; flex-direction: column; }
    .figure .value { font-size: 30px; font-weight: bold; line-height: 1.1; }
    .figure .label { font-weight: bold; margin-top: 4px; }
    .figure .detail { color: var(--muted); font-size: 13px; margin-top: 4px; }
    .findings { padding-left: 1.4em; font-size: 17px; }
    .findings li { margin: 0 0 10px; padding-left: 4px; }
    .note { color: var(--muted); max-width: 52em; }
    table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 8px 0 16px; }
    th, td { text-align: left; vertical-align: top; padding: 7px 10px 7px 0; border-bottom: 1px solid var(--rule); }
    thead th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
    td.num, th.num, th[data-type="number"] { text-align: right; font-variant-numeric: tabular-nums; }
    table.sortable thead th { cursor: pointer; user-select: none; }
    table.sortable thead th::after { content: " \\2195"; color: var(--rule); font-size: 12px; }
    table.sortable thead th[aria-sort="ascending"]::after { content: " \\2191"; color: var(--ink); }
    table.sortable thead th[aria-sort="descending"]::after { content: " \\2193"; color: var(--ink); }
    ul.members { margin: 0; padding: 0; list-style: none; }
    ul.members li { display: inline; }
    ul.members li + li::before { content: " · "; color: var(--muted); }
    table.clusters td:nth-child(2) { width: 36%; }
    table.clusters td:nth-child(3) { width: 19%; }
    table.clusters td:nth-child(4) { width: 17%; font-size: 13px; }
    table.clusters th { white-space: normal; }
    .dept { color: var(--muted); font-size: 12px; }
    .why { color: var(--muted); font-size: 13px; }
    figure { margin: 0; }
    figcaption { color: var(--muted); font-size: 14px; margin-top: 6px; }
    svg.chart { width: 100%; height: auto; display: block; border: 1px solid var(--rule); }
    table.histogram { max-width: 640px; }
    td.bar { width: 60%; }
    td.bar span { display: block; height: 14px; background: var(--blue); }
    caption { text-align: left; font-weight: bold; padding-bottom: 6px; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    code { font-family: "Courier New", monospace; font-size: 0.95em; background: var(--panel); padding: 0 3px; }
    ul.files { padding-left: 1.2em; }
    footer { color: var(--muted); font-size: 13px; border-top: 1px solid var(--rule); margin-top: 36px; padding-top: 8px; padding-bottom: 24px; }
    @media (max-width: 800px) { .figures { grid-template-columns: repeat(2, 1fr); } h1 { font-size: 30px; } }
    @page { size: A4; margin: 14mm 12mm; }
    @media print {
      body { font-size: 10.5pt; }
      .wrap { max-width: none; padding: 0; }
      .masthead { background: none; color: var(--ink); border-bottom: 3pt solid var(--ink); padding: 0 0 8pt; }
      .kicker { color: var(--muted); }
      h1 { font-size: 24pt; } h2 { font-size: 15pt; break-after: avoid; }
      .figures { grid-template-columns: repeat(5, 1fr); gap: 6pt; }
      .figure { padding: 6pt; } .figure .value { font-size: 16pt; }
      .picture { break-before: page; } figure, tr, .figure, .findings li { break-inside: avoid; }
      table.sortable thead th::after { content: ""; }
      table { font-size: 8.5pt; } th, td { padding: 3pt 6pt 3pt 0; }
      .findings { font-size: 10.5pt; } .findings li { margin-bottom: 5pt; }
      .why, .dept { font-size: 7.5pt; }
      thead { display: table-header-group; }
      svg.chart { border: none; }
      a { color: inherit; text-decoration: none; }
    }

    """

    /// Sortable tables: click a heading to sort by it (numbers by their data-v value), click again to reverse.
    static let script = """

    (function () {
      document.querySelectorAll("table.sortable").forEach(function (table) {
        var heads = table.querySelectorAll("thead th");
        heads.forEach(function (th, column) {
          th.tabIndex = 0;
          function sort() {
            var numeric = th.getAttribute("data-type") === "number";
            var ascending = th.getAttribute("aria-sort") !== "ascending";
            heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
            th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            function key(row) {
              var cell = row.cells[column];
              var v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
              return numeric ? parseFloat(v) : v.toLowerCase();
            }
            rows.sort(function (a, b) {
              var x = key(a), y = key(b);
              var c = numeric ? x - y : x.localeCompare(y, "en-GB");
              return ascending ? c : -c;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          }
          th.addEventListener("click", sort);
          th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
        });
      });
    })();

    """
}
