import Foundation

/// `register.html`: one self-contained page (no external assets) with the summary on top, the funding
/// timeline, and the register as a table that sorts by any column and filters by recommendation,
/// department and funding pot.
enum RegisterHTML {
    static func render(_ c: RegisterContext) -> String {
        let r = c.register, s = c.figures
        let departments = Set(r.entries.compactMap(\.initiative.department)).sorted()
        let pots = Set(r.entries.flatMap { c.sources($0) }).sorted()
        var h = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Stop/start register: \(escape(r.place)), \(r.asOf.iso)</title>
        <style>\(css)</style>
        </head>
        <body>
        <header>
        <p class="kicker">Stop/start register</p>
        <h1>\(escape(r.place))</h1>
        <p class="lede">As of <strong>\(r.asOf.iso)</strong>: \(r.entries.count) initiatives with a recommended decision\(r.closedCount > 0 ? " (\(r.closedCount) ended or stopped initiatives are not listed)" : "").</p>

        """
        if !r.overlapRulesRun {
            h += "<p class=\"notice\">Overlap rules not run: <code>overlaps</code>, <code>shared-families</code> and <code>start-without-stop</code> need the overlap analysis, which was not given.</p>\n"
        }
        h += "</header>\n<section class=\"summary\">\n<div class=\"cards\">\n"
        for rec in Recommendation.allCases {
            h += "<button class=\"card rec-\(rec.rawValue)\" data-filter=\"\(rec.rawValue)\" type=\"button\"><span class=\"n\">\(s.counts[rec] ?? 0)</span><span class=\"l\">\(rec.title)</span></button>\n"
        }
        h += "</div>\n<div class=\"facts\">\n"
        h += "<div><span class=\"big\">\(escape(c.money(s.moneyFreedByStops)))</span><span>a year freed by the recommended stops</span></div>\n"
        h += "<div><span class=\"big\">\(s.startStopRatio)</span><span>recommended start:stop ratio</span></div>\n"
        h += "<div><span class=\"big\">\(s.errors) <small>errors</small> · \(s.warnings) <small>warnings</small></span><span>flags raised by the rules</span></div>\n"
        h += "</div>\n<h2>Funding reaching its end, by quarter</h2>\n"
        if s.fundingEnds.isEmpty {
            h += "<p>No funding line ends after \(r.asOf.iso).</p>\n"
        } else {
            let maxAmount = s.fundingEnds.map { NSDecimalNumber(decimal: $0.annualAmount).doubleValue }.max() ?? 1
            h += "<table class=\"quarters\"><thead><tr><th>Quarter</th><th class=\"num\">Lines</th><th class=\"num\">A year</th><th class=\"bar\"></th><th>Initiatives</th></tr></thead><tbody>\n"
            for q in s.fundingEnds {
                let pct = maxAmount > 0 ? NSDecimalNumber(decimal: q.annualAmount).doubleValue / maxAmount * 100 : 0
                let soon = q.firstDay.map { $0 <= r.asOf.adding(months: r.settings.fundingCliffMonths) } ?? false
                h += "<tr><td>\(q.label)</td><td class=\"num\">\(q.lines)</td><td class=\"num\">\(escape(c.money(q.annualAmount)))</td>"
                h += "<td class=\"bar\"><span class=\"\(soon ? "soon" : "")\" style=\"width:\(Format.plain(pct, places: 1))%\"></span></td>"
                h += "<td class=\"small\">\(escape(q.initiatives.map { c.name($0) }.joined(separator: ", ")))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += "</section>\n<section class=\"timeline\">\n<h2>Funding timeline</h2>\n"
        h += InlineSVG.body(of: RegisterTimeline.render(c))
        h += "</section>\n<section>\n<h2>The register</h2>\n<div class=\"filters\">\n"
        h += select("recommendation", "Recommendation", Recommendation.allCases.map { ($0.rawValue, $0.title) })
        h += select("department", "Department", departments.map { ($0, $0) })
        h += select("pot", "Funding pot", pots.map { ($0, $0) })
        h += "<label>Search <input id=\"f-text\" type=\"search\" placeholder=\"name, owner, reason…\"></label>\n"
        h += "<span id=\"shown\" class=\"small\"></span>\n</div>\n"
        h += "<table id=\"register\"><thead><tr>"
        let columns: [(String, String)] = [("Recommendation", "text"), ("Initiative and reasons", "text"), ("Department", "text"),
                                           ("Funding a year", "num"), ("Next funding end", "text"), ("Review", "text"), ("Flags", "text")]
        for (n, col) in columns.enumerated() {
            h += "<th data-col=\"\(n)\" data-type=\"\(col.1)\" class=\"\(col.1 == "num" ? "num" : "")\" tabindex=\"0\" aria-sort=\"none\">\(col.0)</th>"
        }
        h += "</tr></thead>\n<tbody>\n"
        for e in r.entries {
            let i = e.initiative
            let pots = c.sources(e)
            h += "<tr data-recommendation=\"\(e.recommendation.rawValue)\" data-department=\"\(escape(i.department ?? "", attribute: true))\" data-pot=\"\(escape(pots.joined(separator: "\u{1F}"), attribute: true))\">"
            h += "<td data-sort=\"\(e.recommendation.order)\"><span class=\"badge rec-\(e.recommendation.rawValue)\">\(e.recommendation.title)</span>"
            if let into = e.into { h += "<div class=\"small\">into \(escape(c.name(into)))</div>" }
            h += "</td><td data-sort=\"\(escape(i.name, attribute: true))\"><div class=\"name\">\(escape(i.name))</div>"
            h += "<div class=\"meta\">\(i.kind.rawValue) · \(i.status.rawValue)\(i.owner.map { " · \(escape(c.organisationName($0)))" } ?? "")\(i.start.map { " · since \($0.iso)" } ?? "")</div>"
            h += "<div class=\"basis\">\(escape(e.basis))</div>"
            if !e.flags.isEmpty {
                h += "<ul class=\"flags\">"
                for f in e.flags { h += "<li class=\"sev-\(f.severity.rawValue)\"><code>\(f.rule.rawValue)</code> \(escape(f.reason))</li>" }
                h += "</ul>"
            }
            h += "<div class=\"small\">Funding: \(escape(pots.joined(separator: "; ")))</div></td>"
            h += "<td>\(escape(i.department ?? ""))</td>"
            h += "<td class=\"num\" data-sort=\"\(RegisterRenderer.plainMoney(c.fundingAYear(e)))\">\(escape(c.money(c.fundingAYear(e))))</td>"
            h += "<td class=\"date\" data-sort=\"\(c.nextFundingEnd(e)?.iso ?? "9999")\">\(c.nextFundingEnd(e)?.iso ?? "—")</td>"
            h += "<td class=\"date\" data-sort=\"\(i.review?.date.iso ?? "9999")\">\(i.review?.date.iso ?? "—")\(i.review?.owner.map { "<div class=\"small\">\(escape($0))</div>" } ?? "")</td>"
            let worst = e.worstSeverity.map { $0 == .error ? 0 : $0 == .warning ? 1 : 2 } ?? 3
            h += "<td data-sort=\"\(worst)-\(10 - min(e.flags.count, 9))\">\(chips(e))</td>"
            h += "</tr>\n"
        }
        h += "</tbody></table>\n</section>\n<footer>\n<h2>How the recommendation is chosen</h2>\n<p>The first of these that applies:</p>\n<ol>\n"
        for p in RegisterRenderer.precedence { h += "<li>\(escape(p))</li>\n" }
        h += "</ol>\n<p class=\"small\">Rules and thresholds: \(escape(c.rulesLine.replacingOccurrences(of: "`", with: ""))). As of \(r.asOf.iso). \(escape(RegisterRenderer.methodNote)) Made with Convenor.</p>\n</footer>\n"
        h += "<script>\(script)</script>\n</body>\n</html>\n"
        return h
    }

    /// One chip per rule, coloured by the worst severity that rule raised.
    private static func chips(_ e: RegisterEntry) -> String {
        e.ruleIDs.map { id in
            let worst = e.flags.filter { $0.rule.rawValue == id }.map(\.severity).min() ?? .note
            return "<span class=\"flag sev-\(worst.rawValue)\">\(id)</span>"
        }.joined(separator: " ")
    }

    private static func select(_ key: String, _ label: String, _ options: [(String, String)]) -> String {
        var s = "<label>\(label) <select id=\"f-\(key)\"><option value=\"\">All</option>"
        for (value, text) in options { s += "<option value=\"\(escape(value, attribute: true))\">\(escape(text))</option>" }
        return s + "</select></label>\n"
    }

    static let css = """
    :root{--ink:#1d2939;--muted:#475467;--line:#d0d5dd;--stop:#b42318;--merge:#6941c6;--decide:#b54708;--scale:#027a48;--start:#175cd3;--continue:#475467}
    *{box-sizing:border-box}
    body{margin:0 auto;max-width:1280px;padding:28px 32px 48px;font:14px/1.45 Arial,Helvetica,sans-serif;color:var(--ink);background:#fff}
    h1{font-size:30px;margin:2px 0 6px}h2{font-size:19px;margin:28px 0 10px;border-bottom:2px solid var(--ink);padding-bottom:4px}
    .kicker{text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--muted);margin:0}
    .lede{font-size:16px;margin:0 0 8px}.notice{background:#fffaeb;border-left:4px solid #f79009;padding:8px 12px}
    .cards{display:grid;grid-template-columns:repeat(6,1fr);gap:10px;margin:16px 0}
    .card{border:0;border-radius:6px;padding:12px 14px;color:#fff;text-align:left;cursor:pointer;font:inherit}
    .card .n{display:block;font-size:30px;font-weight:bold;line-height:1}.card .l{font-size:14px}
    .card.active{outline:3px solid var(--ink);outline-offset:2px}
    .rec-stop{background:var(--stop)}.rec-merge{background:var(--merge)}.rec-decide{background:var(--decide)}.rec-scale{background:var(--scale)}.rec-start{background:var(--start)}.rec-continue{background:var(--continue)}
    .facts{display:grid;grid-template-columns:repeat(3,1fr);gap:10px}
    .facts div{border:1px solid var(--line);border-radius:6px;padding:10px 14px}.facts span{display:block;color:var(--muted)}
    .facts .big{font-size:24px;font-weight:bold;color:var(--ink)}
    table{border-collapse:collapse;width:100%}th,td{padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top;text-align:left}
    th{background:#f2f4f7;font-size:13px;position:sticky;top:0}th[data-col]{cursor:pointer;user-select:none}
    th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
    .num{text-align:right;white-space:nowrap}td.date{white-space:nowrap}.small{font-size:12px;color:var(--muted)}
    .quarters td:first-child{white-space:nowrap}.quarters td.bar{width:28%}.quarters .bar span{display:block;height:12px;background:#2e75b6;border-radius:2px}.quarters .bar span.soon{background:#d92d20}
    .timeline svg{width:100%;height:auto;border:1px solid var(--line)}
    .filters{display:flex;flex-wrap:wrap;gap:14px;align-items:center;margin:0 0 10px}
    select,input{font:inherit;padding:4px 6px;border:1px solid var(--line);border-radius:4px}
    .badge{display:inline-block;color:#fff;border-radius:4px;padding:2px 8px;font-weight:bold;font-size:13px}
    .name{font-weight:bold}.meta{font-size:12px;color:var(--muted)}.basis{margin-top:3px}
    ul.flags{margin:4px 0;padding-left:18px}ul.flags li{font-size:12.5px}ul.flags code{font-weight:bold}
    li.sev-error code,.flag.sev-error{color:var(--stop)}li.sev-warning code,.flag.sev-warning{color:var(--decide)}li.sev-note code,.flag.sev-note{color:var(--scale)}
    .flag{display:inline-block;font-size:12px;font-family:monospace;margin:0 4px 2px 0}
    footer{margin-top:24px;color:var(--muted)}footer ol{padding-left:20px}
    @media print{body{padding:0;max-width:none}.filters,.cards button{cursor:default}.filters{display:none}th{position:static}tr{break-inside:avoid}}
    """

    static let script = """
    (function(){
    var table=document.getElementById('register'),body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
    var fr=document.getElementById('f-recommendation'),fd=document.getElementById('f-department'),fp=document.getElementById('f-pot'),ft=document.getElementById('f-text'),shown=document.getElementById('shown');
    function apply(){var r=fr.value,d=fd.value,p=fp.value,t=ft.value.toLowerCase(),n=0;
    rows.forEach(function(row){var ok=(!r||row.dataset.recommendation===r)&&(!d||row.dataset.department===d)&&(!p||row.dataset.pot.split('\\u001f').indexOf(p)>=0)&&(!t||row.textContent.toLowerCase().indexOf(t)>=0);row.hidden=!ok;if(ok)n++;});
    shown.textContent=n+' of '+rows.length+' shown';
    document.querySelectorAll('.card').forEach(function(c){c.classList.toggle('active',c.dataset.filter===r);});}
    [fr,fd,fp].forEach(function(s){s.addEventListener('change',apply);});ft.addEventListener('input',apply);
    document.querySelectorAll('.card').forEach(function(c){c.addEventListener('click',function(){fr.value=fr.value===c.dataset.filter?'':c.dataset.filter;apply();});});
    function key(row,col,type){var cell=row.cells[col],v=cell.dataset.sort!==undefined?cell.dataset.sort:cell.textContent.trim();return type==='num'?parseFloat(v)||0:v.toLowerCase();}
    table.tHead.querySelectorAll('th[data-col]').forEach(function(th){function sort(){var col=+th.dataset.col,type=th.dataset.type,dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
    table.tHead.querySelectorAll('th').forEach(function(o){o.setAttribute('aria-sort','none');});th.setAttribute('aria-sort',dir>0?'ascending':'descending');
    rows.slice().sort(function(a,b){var x=key(a,col,type),y=key(b,col,type);return (x<y?-1:x>y?1:0)*dir;}).forEach(function(row){body.appendChild(row);});}
    th.addEventListener('click',sort);th.addEventListener('keydown',function(e){if(e.key==='Enter')sort();});});
    apply();})();
    """
}
