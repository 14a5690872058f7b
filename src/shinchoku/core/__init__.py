"""The pure core: plan values, calendar, target rules and evaluation.

Nothing here touches Django, files, the network or the clock; numbers are decided
here once and every page, report and export reads them.
"""
