#!/usr/bin/python3
"""Builds northbridge-libreoffice.xlsx: the example CSV folder opened in LibreOffice Calc (each CSV
imported as a user would, dates and numbers recognised) and saved as one workbook with a sheet per
table. Needs LibreOffice and python3-uno (Debian: libreoffice-calc-nogui python3-uno).

    /usr/bin/python3 Tests/Fixtures/workbooks/make-libreoffice-workbook.py examples/northbridge/csv OUT.xlsx

contacts.csv is left out to keep the fixture small.
"""
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(folder, out):
    pipe = "convenor_fixture_%d" % os.getpid()
    profile = tempfile.mkdtemp()
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo",
                               "-env:UserInstallation=file://" + profile,
                               "--accept=pipe,name=%s;urp;" % pipe])
    try:
        resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
        for _ in range(60):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(1)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        hidden = (prop("Hidden", True),)
        book = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, hidden)
        tables = ["place", "neighbourhoods", "organisations", "teams", "cohorts", "outcomes", "initiatives", "funding"]
        for n, table in enumerate(tables):
            url = uno.systemPathToFileUrl(os.path.abspath(os.path.join(folder, table + ".csv")))
            # Comma-separated, quote ", UTF-8 (76), from line 1, detect special numbers (dates).
            csv = desktop.loadComponentFromURL(url, "_blank", 0, hidden + (
                prop("FilterName", "Text - txt - csv (StarCalc)"),
                prop("FilterOptions", "44,34,76,1,,0,false,true,true,false,false")))
            book.Sheets.importSheet(csv, csv.Sheets.getByIndex(0).Name, n)
            book.Sheets.getByIndex(n).Name = table
            csv.close(True)
        while book.Sheets.Count > len(tables):
            book.Sheets.removeByName(book.Sheets.getByIndex(len(tables)).Name)
        book.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                        (prop("FilterName", "Calc MS Excel 2007 XML"),))
        book.close(True)
    finally:
        office.terminate()
        office.wait()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
