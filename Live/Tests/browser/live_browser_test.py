#!/usr/bin/env python3
"""End-to-end test of `convenor live` in headless Chromium, driven over the DevTools protocol.

The facilitator screen and three phones (each its own browser context, so its own cookies) join the
room; the phones sort cards; the facilitator screen's tallies change without a reload; the facilitator
reveals, adds paper ballots, records a decision through the form; a hostile decision text stays inert;
axe-core finds no WCAG 2.2 A/AA violation on the join page, the ballot and the facilitator screen, at
desktop and phone sizes; the session is exported and `convenor diff` shows the decision.

    live_browser_test.py --live BIN --convenor BIN --chromium BIN [--axe axe.min.js] [--screenshot PNG]

Exit 0 when every check passes; otherwise it prints what failed and exits 1.
"""
import argparse
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print("ok:", message, flush=True)


def start_server(live, state, extra=()):
    process = subprocess.Popen([live, "--demo", "--state", state, "--host", "127.0.0.1", "--port", "0", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = {}
    deadline = time.time() + 120
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("server ended: " + process.stderr.read())
        for key in ("room", "facilitator key", "participants join at", "facilitator screen"):
            if line.startswith(key + ":"):
                lines[key] = line.split(":", 1)[1].strip()
        if len(lines) == 4:
            return process, lines
    raise RuntimeError("server did not start")


def api(base, method, path, token=None, body=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read() or b"{}")


def axe_check(page, axe_source, where):
    if not axe_source:
        return
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: %s}}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))" % json.dumps(WCAG), await_promise=True)
    check(result == [], "axe-core (WCAG 2.2 A and AA): no violations on %s%s" % (where, "" if result == [] else ": " + json.dumps(result, indent=1)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--live", required=True)
    parser.add_argument("--convenor", required=True)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--axe")
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    axe_source = open(args.axe, encoding="utf-8").read() if args.axe else None

    work = tempfile.mkdtemp(prefix="convenor-live-browser-")
    state = os.path.join(work, "state")
    server = browser = None
    try:
        server, out = start_server(args.live, state)
        room, key = out["room"], out["facilitator key"]
        join_url, facilitator_url = out["participants join at"], out["facilitator screen"]
        base = facilitator_url.split("/facilitator")[0]
        check(re.fullmatch(r"[A-Z2-9]{6}", room) is not None, "room code printed: " + room)
        check(join_url.endswith("/?room=" + room), "join URL carries the room code")

        browser = Browser(args.chromium, os.path.join(work, "profile"))
        facilitator = browser.new_page(facilitator_url)
        facilitator.wait_for("location.pathname === '/facilitator' && !!document.getElementById('results')", what="facilitator screen")
        check(key not in facilitator.evaluate("location.href"), "the key is gone from the projected address bar")
        check(facilitator.evaluate("document.querySelector('.room-code').textContent") == room, "room code shown in large type")
        check(facilitator.evaluate("document.querySelector('img.qr').naturalWidth > 0"), "QR code image served by the binary")
        axe_check(facilitator, axe_source, "the facilitator screen (desktop)")
        facilitator.evaluate("window.__sameDocument = 'yes'")

        phones = []
        for n in range(3):
            phone = browser.new_page(join_url)
            phone.call("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
            check(phone.evaluate("document.getElementById('room').value") == room, "phone %d: the QR link fills in the room code" % (n + 1))
            if n == 0:
                axe_check(phone, axe_source, "the join page (phone size)")
            phone.evaluate("document.querySelector('form.join button').click()")
            phone.wait_for("location.pathname === '/vote' && document.readyState === 'complete' && document.body.classList.contains('js')", what="ballot page")
            phones.append(phone)
        check(len(phones) == 3, "three phones joined")
        axe_check(phones[0], axe_source, "the card sort ballot (phone size)")

        def choose(phone, item, choice):
            phone.evaluate("document.querySelector('form[data-item=\"%s\"] input[value=\"%s\"]').click()" % (item, choice))
            phone.wait_for("document.getElementById('status').textContent.startsWith('Saved')", what="saved status")

        for n, choice in enumerate(["stop", "stop", "scale"]):
            choose(phones[n], "winter-shelter", choice)
        facilitator.wait_for("document.getElementById('voted').textContent === '3'", what="turnout 3 on the facilitator screen")
        check(facilitator.evaluate("window.__sameDocument") == "yes", "turnout rose to 3 without a reload")
        check("Hidden until" in facilitator.evaluate("document.getElementById('results').textContent"), "votes hidden until revealed")

        facilitator.evaluate("[...document.querySelectorAll('form[action=\"/facilitator/reveal\"] button')][0].click()")
        facilitator.wait_for("document.getElementById('state').textContent.includes('Votes revealed')", what="revealed")
        results = facilitator.evaluate("document.getElementById('results').textContent")
        check("Fewer than 5 votes" in results, "three votes: no breakdown shown")

        # Two people without phones hand in paper: entered by the facilitator, merged into the tallies.
        for choice in ["stop", "evidence"]:
            status, _ = api(base, "POST", "/api/activities/sort-pilots/paper", key, {"choices": {"winter-shelter": choice}})
            check(status == 201, "paper ballot (%s) added" % choice)
        facilitator.evaluate("window.__sameDocument = 'yes'")

        def winter_counts():
            return facilitator.evaluate("""(() => {
                const card = [...document.querySelectorAll('#results .result')].find(li => li.querySelector('h3').textContent === 'Winter shelter pilot');
                if (!card) { return null; }
                return [...card.querySelectorAll('.bar-row')].map(r => r.querySelector('dt').textContent + '=' + r.querySelector('.count').textContent).join(',');
            })()""")
        facilitator.wait_for("(%s) !== null" % "document.querySelector('#results .bar-row')", what="bars shown")
        check(winter_counts() == "Stop=3,Scale=1,Merge=0,Continue=0,Needs evidence=1", "five voters: breakdown shown, paper merged (%s)" % winter_counts())
        choose(phones[2], "winter-shelter", "merge")
        deadline = time.time() + 15
        while winter_counts() != "Stop=3,Scale=0,Merge=1,Continue=0,Needs evidence=1" and time.time() < deadline:
            time.sleep(0.1)
        check(winter_counts() == "Stop=3,Scale=0,Merge=1,Continue=0,Needs evidence=1", "a phone changed its mind; the tally moved live")
        check(facilitator.evaluate("window.__sameDocument") == "yes", "tallies changed without a reload")

        # Pause freezes the projected results (WCAG 2.2.2); resume brings them back.
        facilitator.evaluate("document.getElementById('pause').click()")
        facilitator.wait_for("!!document.getElementById('resume')", what="paused")
        facilitator.evaluate("window.__sameDocument = 'yes'")
        choose(phones[0], "winter-shelter", "continue")
        time.sleep(1.0)
        check(winter_counts().startswith("Stop=3"), "paused: the projector keeps its picture")
        facilitator.evaluate("document.getElementById('resume').click()")
        facilitator.wait_for("!!document.getElementById('pause')", what="resumed")
        check(winter_counts().startswith("Stop=2"), "resumed: the change shows")

        # A decision recorded through the form, and a hostile one through the API.
        facilitator.evaluate("""(() => {
            document.querySelector('#d-initiative').value = 'winter-shelter';
            document.querySelector('input[name=kind][value=recommendation]').checked = true;
            document.querySelector('#d-value').value = 'stop';
            document.querySelector('#d-by').value = 'Cabinet (Cllr Amir Shah)';
            document.querySelector('#d-date').value = '2027-01-15';
            document.querySelector('#d-rationale').value = 'The room found the evidence weak and the money better spent on prevention.';
            document.querySelector('form.decision').submit();
        })()""")
        facilitator.wait_for("document.getElementById('decisions') && document.getElementById('decisions').textContent.includes('Cabinet (Cllr Amir Shah)')", what="decision listed")
        check(True, "decision recorded through the facilitator's form")
        hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"
        status, _ = api(base, "POST", "/api/decisions", key, {"initiative": "hospital-idva", "value": "scale", "date": "2026-11-20",
                                                              "by": hostile, "rationale": hostile, "kind": "decision"})
        check(status == 201, "a decision whose text is markup is accepted as text")
        facilitator.navigate(base + "/facilitator")
        facilitator.wait_for("document.getElementById('decisions').textContent.includes('window.__pwned = 1')", what="hostile text shown as text")
        check(facilitator.evaluate("typeof window.__pwned") == "undefined", "<script> in decision text is inert on the facilitator screen")
        check(facilitator.evaluate("document.querySelectorAll('#decisions script, #decisions img').length") == 0, "no element was made from it")

        # A phone's comment, sent through the ballot page's form, reaches the projector live (the votes are
        # revealed), as text: markup in it is inert.
        facilitator.evaluate("window.__sameDocument = 'yes'")
        phones[0].evaluate("""(() => {
            document.querySelector('#comment-item').value = 'winter-shelter';
            document.querySelector('#comment-text').value = %s;
            document.querySelector('#comment form').submit();
        })()""" % json.dumps("Full by 6pm " + hostile))
        phones[0].wait_for("document.body.textContent.includes('Your comment was sent')", what="comment confirmed on the phone")
        facilitator.wait_for("document.getElementById('comments').textContent.includes('Full by 6pm')", what="comment on the projector")
        check(facilitator.evaluate("window.__sameDocument") == "yes", "the comment appeared on the projector without a reload")
        check(facilitator.evaluate("document.getElementById('comments').textContent.includes('Winter shelter pilot: Full by 6pm <script>')"),
              "the comment shows with its item, markup as text")
        check(facilitator.evaluate("typeof window.__pwned") == "undefined", "<script> in a comment is inert on the facilitator screen")
        check(facilitator.evaluate("document.querySelectorAll('#comments script, #comments img').length") == 0, "no element was made from the comment")

        # The other activities, checked by axe too.
        axe_check(facilitator, axe_source, "the facilitator screen with results and decisions (desktop)")
        facilitator.call("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        axe_check(facilitator, axe_source, "the facilitator screen (phone size)")
        facilitator.call("Emulation.clearDeviceMetricsOverride")
        status, _ = api(base, "POST", "/api/activities/discuss-first/open", key)
        phones[1].wait_for("document.body.getAttribute('data-activity') === 'discuss-first'", what="phone follows to the dot vote")
        check(True, "a phone followed the facilitator to the dot vote without touching anything")
        axe_check(phones[1], axe_source, "the dot vote ballot (phone size)")

        if args.screenshot:
            status, _ = api(base, "POST", "/api/activities/sort-pilots/open", key)
            facilitator.call("Emulation.setDeviceMetricsOverride", {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False})
            facilitator.navigate(base + "/facilitator")
            shot = facilitator.call("Page.captureScreenshot", {"format": "png"}, timeout=120)
            with open(args.screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            print("wrote", args.screenshot)

        # Write-back: export, then `convenor diff` between the portfolio as given and as exported.
        export = os.path.join(work, "export")
        done = subprocess.run([args.live, "export", "--state", state, "-o", export], capture_output=True, text=True, timeout=120)
        check(done.returncode == 0, "export ran: " + done.stdout.strip() + done.stderr.strip())
        for name in ("record.md", "record.csv", "record.json"):
            check(os.path.getsize(os.path.join(export, name)) > 0, name + " written")
        record = json.load(open(os.path.join(export, "record.json")))
        sort = next(a for a in record["activities"] if a["id"] == "sort-pilots")
        winter = next(i for i in sort["items"] if i["id"] == "winter-shelter")
        check(winter["counts"] == {"stop": 2, "scale": 0, "merge": 1, "continue": 1, "evidence": 1}, "record counts every vote: %s" % winter["counts"])
        diff = subprocess.run([args.convenor, "diff", os.path.join(state, "example", "portfolio.xml"), os.path.join(export, "portfolio", "portfolio.xml")],
                              capture_output=True, text=True, timeout=120)
        print(diff.stdout)
        exported = open(os.path.join(export, "portfolio", "portfolio.xml"), encoding="utf-8").read()
        check('2027-01-15' in exported and 'Cabinet (Cllr Amir Shah)' in exported,
              "the recommendation became the winter shelter pilot's review date and owner")
        check("hospital-idva" in diff.stdout or "Hospital IDVA" in diff.stdout, "convenor diff shows the hospital IDVA decision")
    finally:
        if browser:
            browser.close()
        if server:
            server.send_signal(signal.SIGTERM)
            try:
                code = server.wait(timeout=15)
                print("server stopped on SIGTERM with live connections open (exit %d)" % code)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
                print("FAIL: the server ignored SIGTERM")
                sys.exit(1)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, TimeoutError, RuntimeError) as error:
        print("FAIL:", error, flush=True)
        sys.exit(1)
