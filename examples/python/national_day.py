"""A clock across the 2026 National Day holiday, and batch working-day arithmetic with numpy and pandas.

Run: python examples/python/national_day.py   (after `scripts/test-python` or `maturin develop`)
"""

# %% A licensing decision clock (行政许可法 art. 42: 20 working days, extendable once by 10).
import datetime as dt

import numpy as np
import pandas as pd

import xiaoneng as xn

cal = xn.Calendar.china()
cst = dt.timezone(dt.timedelta(hours=8))

clock = xn.Clock(
    ("working_days", 20),
    started_at=dt.datetime(2026, 9, 29, 10, 0, tzinfo=cst),  # accepted the Tuesday before the holiday
    extension_rule={"max_count": 1, "max_total": 10},
    signals={"reminder_before": ("working_days", 1)},
)
st = clock.status(cal, dt.datetime(2026, 10, 8, 9, 0, tzinfo=cst))
print(f"deadline {st['deadline_date']}  used {st['used']}/{st['budget']}  state {st['state']}")

# An expert review (art. 45) is not counted.
clock.pause("expert_review", dt.datetime(2026, 10, 12, 9, 0, tzinfo=cst), note="expert panel")
clock.resume(dt.datetime(2026, 10, 16, 17, 0, tzinfo=cst))
st = clock.status(cal, dt.datetime(2026, 10, 19, 9, 0, tzinfo=cst))
print(f"after the review: deadline {st['deadline_date']}, reminder at {st['reminder_at']:%Y-%m-%d %H:%M}")
for step in st["derivation"]:
    fields = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in step.items() if k != "type"}
    print(f"    {step['type']:<9}", fields)

# %% Ten acceptance dates around the holiday, each with a 20-working-day limit, in one call.
accepted = np.arange(np.datetime64("2026-09-24"), np.datetime64("2026-10-14"), 2, dtype="datetime64[D]")
due = cal.add_workdays(accepted, 20)
print(due)

# %% The same as a table.
df = pd.DataFrame({"accepted": accepted, "due": due})
df["natural_days"] = (df["due"] - df["accepted"]).dt.days
df["accepted_on_workday"] = cal.is_workday(accepted)
df["workdays_check"] = cal.workdays_between(accepted, due)
print(df.to_string(index=False))
